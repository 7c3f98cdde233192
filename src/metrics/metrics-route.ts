import type http from "node:http";
import type http2 from "node:http2";
import type { Registry } from "prom-client";
import { createApiKeyCheck } from "../auth/api-keys.js";
import { sendJson } from "../rest/respond.js";
import { splitUrl } from "../rest/url.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

export const METRICS_PATH = "/metrics";

export interface MetricsRouteOptions {
  registry: Registry;
  /** metrics.api_key, read on every scrape: "" lets the API keys alone in. */
  metricsKey: () => string;
  /** Whether the API key is an admin's (per-tenant figures are not for users). */
  isAdmin: (authorization: string | undefined) => Promise<boolean>;
  /** False for a daemon without API keys (whose check lets everyone in). */
  hasApiKeys: boolean;
}

/**
 * GET /metrics: the registry in Prometheus text format. With metrics.api_key
 * set, a scraper needs only that key (which opens nothing else); the API
 * keys open it too. Without it, the API keys do (a daemon without keys lets
 * everyone in, as its other routes). Returns false for any other path.
 */
export function createMetricsRoute(
  o: MetricsRouteOptions,
): (req: Request, res: Response) => boolean {
  let checked: { key: string; check: (authorization: string | undefined) => boolean } | undefined;
  const metricsKeyCheck = (key: string) => {
    if (checked?.key !== key) checked = { key, check: createApiKeyCheck([key]) };
    return checked.check;
  };
  return (req, res) => {
    if (splitUrl(req.url ?? "/").path !== METRICS_PATH) return false;
    const authorization = req.headers.authorization;
    const key = o.metricsKey();
    const allowed = async () =>
      key === ""
        ? o.isAdmin(authorization)
        : metricsKeyCheck(key)(authorization) || (o.hasApiKeys && (await o.isAdmin(authorization)));
    allowed().then(
      (ok) => answer(ok),
      (err: unknown) => sendJson(res, 500, { error: String(err) }),
    );
    return true;
    function answer(ok: boolean): void {
      if (!ok) {
        sendJson(
          res,
          401,
          { error: "missing or invalid metrics or API key" },
          {
            "www-authenticate": "Bearer",
          },
        );
      } else if (req.method !== "GET" && req.method !== "HEAD") {
        sendJson(res, 405, { error: `method ${req.method} is not allowed here` }, { allow: "GET" });
      } else {
        o.registry.metrics().then(
          (text) => {
            (res as http.ServerResponse).writeHead(200, {
              "content-type": o.registry.contentType,
              "content-length": Buffer.byteLength(text),
              "cache-control": "no-store",
            });
            res.end(req.method === "HEAD" ? "" : text);
          },
          (err: unknown) =>
            sendJson(res, 500, { error: `could not collect metrics: ${String(err)}` }),
        );
      }
    }
  };
}
