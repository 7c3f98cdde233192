import type http from "node:http";
import type http2 from "node:http2";
import { previewCookie } from "./preview-cookie.js";
import type { PreviewTarget } from "./preview-target.js";
import { isValidPreviewToken, previewTokenExpiry } from "./preview-token.js";
import { requestScheme } from "./request-scheme.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/**
 * In the host form, a page load with a valid ?sandkasten_token= trades it
 * for the preview cookie: 302 to the same URL without the token, so the
 * token leaves the address bar and later loads (links, scripts, reloads)
 * get in by the cookie. Returns false, answering nothing, for any other
 * request: those are served as they are.
 */
export function redirectWithCookie(req: Request, res: Response, target: PreviewTarget): boolean {
  const { token } = target;
  if (target.form !== "host" || token === undefined) return false;
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (!isValidPreviewToken(token, target.sessionId, target.port)) return false;
  const secure = requestScheme(req.headers) === "https";
  (res as http.ServerResponse).writeHead(302, {
    location: target.path,
    "set-cookie": previewCookie(token, previewTokenExpiry(token), secure),
    "cache-control": "no-store",
    "content-length": "0",
  });
  res.end();
  return true;
}
