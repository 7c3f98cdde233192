import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { type Allowlist, splitHostPort } from "./allowlist.js";
import { decideEgress, type Resolver, systemResolver } from "./egress-decision.js";
import { forwardHttpRequest } from "./forward-http.js";

/** What the proxy did, for logs and counters. */
export type ProxyEvent =
  | { kind: "refused"; target: string; status: number; reason: string }
  | { kind: "tunnel-open"; target: string; address: string }
  | { kind: "tunnel-closed"; target: string; bytesOut: number; bytesIn: number }
  | { kind: "forwarded"; target: string; address: string; method: string; status: number };

export interface ConnectProxyOptions {
  allowlist: Allowlist;
  /** The address to listen on (a session network's gateway). */
  host: string;
  /** Default: any free port. */
  port?: number;
  resolve?: Resolver;
  connectTimeoutMs?: number;
  /** Open client connections at most (tunnels included); default 256. */
  maxConnections?: number;
  onEvent?: (event: ProxyEvent) => void;
}

export interface ConnectProxy {
  url: string;
  port: number;
  /** Stops listening and cuts every open tunnel. */
  close(): Promise<void>;
}

export interface ProxyContext {
  allowlist: Allowlist;
  resolve: Resolver;
  connectTimeoutMs: number;
  emit: (event: ProxyEvent) => void;
}

/**
 * An HTTP proxy that lets clients reach only allowlisted host:port pairs:
 * CONNECT tunnels (HTTPS and anything else over TCP) and absolute-form
 * plain-HTTP requests. It refuses with a plain-text body naming the reason.
 */
export async function startConnectProxy(options: ConnectProxyOptions): Promise<ConnectProxy> {
  const ctx: ProxyContext = {
    allowlist: options.allowlist,
    resolve: options.resolve ?? systemResolver,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    emit: (event) => options.onEvent?.(event),
  };
  const open = new Set<Duplex>();
  const track = (socket: Duplex) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  };
  const server = http.createServer();
  server.maxConnections = options.maxConnections ?? 256;
  server.on("connection", track);
  server.on("connect", (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    void openTunnel(ctx, req, client, head, track);
  });
  server.on("request", (req, res) => void forwardHttpRequest(ctx, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const host = net.isIPv6(options.host) ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}

async function openTunnel(
  ctx: ProxyContext,
  req: http.IncomingMessage,
  client: Duplex,
  head: Buffer,
  track: (socket: Duplex) => void,
): Promise<void> {
  client.on("error", () => client.destroy());
  const requested = req.url ?? "";
  const target = splitHostPort(requested);
  if (typeof target === "string") {
    return refuse(ctx, client, requested, 400, `bad CONNECT target "${requested}": ${target}`);
  }
  const where = `${target.host}:${target.port}`;
  const decision = await decideEgress(ctx.allowlist, target, ctx.resolve);
  if (!decision.allowed) return refuse(ctx, client, where, decision.status, decision.reason);
  if (client.destroyed) return;

  const upstream = net.connect({ host: decision.address, port: target.port });
  track(upstream);
  const timer = setTimeout(() => upstream.destroy(new Error("ETIMEDOUT")), ctx.connectTimeoutMs);
  let connected = false;
  upstream.once("connect", () => {
    connected = true;
    clearTimeout(timer);
    ctx.emit({ kind: "tunnel-open", target: where, address: decision.address });
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.once("error", (err) => {
    clearTimeout(timer);
    const code = (err as { code?: string }).code ?? err.message;
    const status = code === "ETIMEDOUT" ? 504 : 502;
    if (connected) client.destroy();
    else refuse(ctx, client, where, status, `cannot connect to ${where} (${code})`);
  });
  upstream.once("close", () => {
    clearTimeout(timer);
    if (connected) {
      client.destroy();
      ctx.emit({
        kind: "tunnel-closed",
        target: where,
        bytesOut: upstream.bytesWritten,
        bytesIn: upstream.bytesRead,
      });
    }
  });
  client.once("close", () => upstream.destroy());
}

function refuse(
  ctx: ProxyContext,
  client: Duplex,
  target: string,
  status: number,
  reason: string,
): void {
  ctx.emit({ kind: "refused", target, status, reason });
  const body = `sandkasten egress proxy: ${reason}\n`;
  client.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}
