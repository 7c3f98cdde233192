import type http from "node:http";
import type http2 from "node:http2";
import type { AppContext } from "../context.js";
import { sendJson } from "../rest/respond.js";
import { failed, forwardHttp } from "./forward-http.js";
import { PreviewFailure } from "./open-preview-tunnel.js";
import { previewAccess } from "./preview-access.js";
import { previewRequestTarget } from "./preview-request.js";
import { redirectWithCookie } from "./token-redirect.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/**
 * Preview ports: any method on /v1/sessions/{id}/ports/{port}/... (or, with
 * preview.domain set, any path on the host {port}-{id}.{domain}) goes to the
 * server listening on that port on the sandbox's loopback. Returns false
 * without touching the request for any other.
 */
export function createPreviewHandler(ctx: AppContext): (req: Request, res: Response) => boolean {
  return (req, res) => {
    const target = previewRequestTarget(req, ctx.config.preview.domain);
    if (target === undefined) return false;
    req.on("error", () => {});
    res.on("error", () => {});
    if (target === "bad-port") {
      sendJson(res, 400, { error: "the port must be a number from 1 to 65535" });
      return true;
    }
    void (async () => {
      const access = await previewAccess(ctx, target, req.headers);
      if (!access.allowed) {
        const headers = access.status === 401 ? { "www-authenticate": "Bearer" } : undefined;
        return sendJson(
          res,
          access.status,
          { error: access.message, message: access.message },
          headers,
        );
      }
      if (redirectWithCookie(req, res, target)) return;
      await forwardHttp(ctx, target, req, res);
    })().catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return res.destroy();
      if (err instanceof PreviewFailure) return failed(res, err);
      ctx.log.warn("preview request failed", { error: String(err) });
      failed(res, new PreviewFailure(500, "internal error"));
    });
    return true;
  };
}
