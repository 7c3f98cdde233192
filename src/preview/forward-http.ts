import http from "node:http";
import type http2 from "node:http2";
import type { AppContext } from "../context.js";
import { sendJson } from "../rest/respond.js";
import { requestHeadersFor, responseHeadersFor } from "./forwarded-headers.js";
import { openPreviewTunnel, PreviewFailure } from "./open-preview-tunnel.js";
import type { PreviewTarget } from "./preview-target.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/**
 * Passes one request to the sandbox's server over a tunnel of its own and
 * streams the answer back; either side going away ends the other.
 */
export async function forwardHttp(
  ctx: AppContext,
  target: PreviewTarget,
  req: Request,
  res: Response,
): Promise<void> {
  const gone = new AbortController();
  res.once("close", () => gone.abort());
  const tunnel = await openPreviewTunnel(ctx, target, gone.signal);
  if (gone.signal.aborted) {
    tunnel.destroy();
    return;
  }
  const upstream = http.request({
    method: req.method,
    path: target.path,
    headers: requestHeadersFor(req.headers, target),
    setHost: false,
    createConnection: () => tunnel as never,
  });
  upstream.once("response", (answer) => {
    (res as http.ServerResponse).writeHead(
      answer.statusCode ?? 502,
      responseHeadersFor(answer.headers, target),
    );
    answer.pipe(res as http.ServerResponse);
    answer.once("error", () => res.destroy());
  });
  upstream.once("error", (err) => {
    tunnel.destroy();
    if (res.headersSent || res.destroyed) res.destroy();
    else
      failed(
        res,
        new PreviewFailure(
          502,
          `the sandbox's server on port ${target.port} failed: ${err.message}`,
        ),
      );
  });
  res.once("close", () => upstream.destroy());
  req.pipe(upstream);
}

export function failed(res: Response, failure: PreviewFailure): void {
  sendJson(res, failure.status, { error: failure.message, message: failure.message });
}
