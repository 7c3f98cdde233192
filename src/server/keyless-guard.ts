import type http from "node:http";
import type http2 from "node:http2";
import { sendJson } from "../rest/respond.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

const LOOPBACK_NAME = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;

function loopbackOrigin(origin: string): boolean {
  try {
    return LOOPBACK_NAME.test(new URL(origin).host);
  } catch {
    return false;
  }
}

/**
 * Without an API key the daemon listens on loopback only and answers whoever
 * reaches the port. A browser can still be made to reach it: a page of any
 * site can send requests to 127.0.0.1 (cross-site requests), or point its own
 * name at it (DNS rebinding). So without a key, a request must be addressed
 * to a loopback name, and a page that sends it must be a loopback page.
 * Returns true when it refused (and answered) the request.
 */
export function createKeylessGuard(): (req: Request, res: Response) => boolean {
  return (req, res) => {
    const host = (req.headers[":authority"] as string | undefined) ?? req.headers.host;
    if (host !== undefined && !LOOPBACK_NAME.test(host)) {
      sendJson(res, 403, {
        error: `this daemon has no API key, so it answers only requests addressed to localhost, 127.0.0.1 or [::1], not to ${JSON.stringify(host.slice(0, 100))}; set api_key to serve other names`,
      });
      return true;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !loopbackOrigin(origin)) {
      sendJson(res, 403, {
        error: `this daemon has no API key, so it refuses requests sent by web pages of other sites (Origin ${JSON.stringify(origin.slice(0, 100))}); set api_key to allow them`,
      });
      return true;
    }
    return false;
  };
}
