import http from "node:http";
import type { ProxyContext } from "./connect-proxy.js";
import { decideEgress } from "./egress-decision.js";

// Headers that belong to one hop, not to the request passed on.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authorization",
  "proxy-authenticate",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Passes on one absolute-form plain-HTTP request (`GET http://host/path`),
 * as clients send them to an HTTP_PROXY, when its host:port is allowed.
 */
export async function forwardHttpRequest(
  ctx: ProxyContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = URL.parse(req.url ?? "");
  if (url?.protocol !== "http:") {
    return reply(res, 400, "send CONNECT host:port, or an absolute http:// URL");
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const target = { host: host.toLowerCase(), port: Number(url.port || 80) };
  const where = `${target.host}:${target.port}`;
  const decision = await decideEgress(ctx.allowlist, target, ctx.resolve);
  if (!decision.allowed) {
    ctx.emit({ kind: "refused", target: where, status: decision.status, reason: decision.reason });
    return reply(res, decision.status, decision.reason);
  }
  const upstream = http.request({
    host: decision.address,
    port: target.port,
    method: req.method,
    path: `${url.pathname}${url.search}`,
    headers: withoutHopByHop(req.headers),
    setHost: false,
    agent: false,
    timeout: ctx.connectTimeoutMs,
  });
  upstream.once("timeout", () => upstream.destroy(new Error("ETIMEDOUT")));
  upstream.once("response", (answer) => {
    upstream.setTimeout(0);
    const status = answer.statusCode ?? 502;
    ctx.emit({
      kind: "forwarded",
      target: where,
      address: decision.address,
      method: req.method ?? "",
      status,
    });
    res.writeHead(status, withoutHopByHop(answer.headers));
    answer.pipe(res);
  });
  upstream.once("error", (err) => {
    const code = (err as { code?: string }).code ?? err.message;
    if (res.headersSent || res.destroyed) res.destroy();
    else reply(res, code === "ETIMEDOUT" ? 504 : 502, `cannot reach ${where} (${code})`);
  });
  res.once("close", () => upstream.destroy());
  req.pipe(upstream);
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase()),
  );
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)),
  );
}

function reply(res: http.ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
  res.end(`sandkasten egress proxy: ${reason}\n`);
}
