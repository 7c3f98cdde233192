import type http from "node:http";
import type http2 from "node:http2";
import { matchRoute } from "../rest/router.js";
import { restRoutes } from "../rest/routes.js";
import { parseUrl } from "../rest/url.js";
import type { DaemonMetrics } from "./daemon-metrics.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/** The port's handlers besides the RPCs (which their interceptor counts). */
export type HttpHandlerName = "rest" | "preview" | "mcp" | "dashboard" | "metrics";

/**
 * Counts the answer of a request `handler` took, once it is sent (or the
 * client went away), by route: a REST route's pattern
 * (/v1/sessions/:id/exec), else the handler's own path. Unknown paths are
 * "unmatched", so clients can't make series without end.
 */
export function countHttpAnswer(
  m: DaemonMetrics,
  handler: HttpHandlerName,
  req: Request,
  res: Response,
): void {
  res.once("close", () => {
    const method = req.method ?? "";
    m.httpRequests.inc({
      handler,
      route: routeOf(handler, method, req.url ?? "/"),
      method,
      status: String(res.statusCode),
    });
  });
}

function routeOf(handler: HttpHandlerName, method: string, url: string): string {
  if (handler === "mcp") return "/mcp";
  if (handler === "metrics") return "/metrics";
  if (handler === "dashboard") return "dashboard";
  // Not the sandbox's own paths: they are any a server in it chooses.
  if (handler === "preview") return "/v1/sessions/:id/ports/:port/*";
  try {
    const match = matchRoute(restRoutes, method, parseUrl(url).segments);
    return match.kind === "found" ? match.route.path : "unmatched";
  } catch {
    return "unmatched";
  }
}
