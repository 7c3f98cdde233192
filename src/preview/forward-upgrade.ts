import type http from "node:http";
import type { Duplex } from "node:stream";
import type { AppContext } from "../context.js";
import { requestHeadersFor } from "./forwarded-headers.js";
import { openPreviewTunnel, PreviewFailure } from "./open-preview-tunnel.js";
import { previewAccess } from "./preview-access.js";
import { previewRequestTarget } from "./preview-request.js";
import type { PreviewTarget } from "./preview-target.js";

/** Which HTTP/1.1 upgrades (WebSocket) the preview takes: those to a preview URL or host. */
export function wantsPreviewUpgrade(ctx: AppContext): (req: http.IncomingMessage) => boolean {
  return (req) => previewRequestTarget(req, ctx.config.preview.domain) !== undefined;
}

/**
 * An upgrade to a preview URL: after the same checks as a request, the
 * request goes to the sandbox's server as it came (credentials left out) and
 * the two connections are joined, so the server answers the handshake itself.
 */
export function createPreviewUpgrade(
  ctx: AppContext,
): (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on("error", () => {});
    upgrade(ctx, req, socket, head).catch((err: unknown) => {
      const failure =
        err instanceof PreviewFailure ? err : new PreviewFailure(500, "internal error");
      if (!(err instanceof PreviewFailure))
        ctx.log.warn("preview upgrade failed", { error: String(err) });
      refuse(socket, failure.status, failure.message);
    });
  };
}

async function upgrade(
  ctx: AppContext,
  req: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const target = previewRequestTarget(req, ctx.config.preview.domain);
  if (target === undefined) throw new PreviewFailure(404, "no such preview URL");
  if (target === "bad-port")
    throw new PreviewFailure(400, "the port must be a number from 1 to 65535");
  const access = await previewAccess(ctx, target, req.headers);
  if (!access.allowed) throw new PreviewFailure(access.status, access.message);
  const gone = new AbortController();
  socket.once("close", () => gone.abort());
  const tunnel = await openPreviewTunnel(ctx, target, gone.signal);
  if (gone.signal.aborted) {
    tunnel.destroy();
    return;
  }
  tunnel.on("error", () => socket.destroy());
  socket.on("error", () => tunnel.destroy());
  tunnel.once("close", () => socket.destroy());
  socket.once("close", () => tunnel.destroy());
  tunnel.write(requestHead(req, target));
  if (head.length > 0) tunnel.write(head);
  socket.pipe(tunnel).pipe(socket);
}

function requestHead(req: http.IncomingMessage, target: PreviewTarget): string {
  const lines = [`${req.method ?? "GET"} ${target.path} HTTP/1.1`];
  for (const [name, value] of Object.entries(requestHeadersFor(req.headers, target, true))) {
    for (const one of [value].flat()) lines.push(`${name}: ${String(one).replace(/[\r\n]/g, "")}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message, message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? "Unauthorized" : "Error"}\r\n` +
      "content-type: application/json\r\n" +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      (status === 401 ? "www-authenticate: Bearer\r\n" : "") +
      `connection: close\r\n\r\n${body}`,
  );
}
