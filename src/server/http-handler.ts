import type http from "node:http";
import type http2 from "node:http2";
import { createRouterTransport } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { routerOptions, routes } from "../api/routes.js";
import type { AppContext } from "../context.js";
import { REQUEST_MAX_BYTES, UPLOAD_MAX_BYTES } from "../limits.js";
import { createMcpHttpRoute } from "../mcp/http-route.js";
import { countHttpAnswer, type HttpHandlerName } from "../metrics/http-answers.js";
import { createMetricsRoute } from "../metrics/metrics-route.js";
import {
  REQUEST_ID_HEADER,
  requestIdFrom,
  runInRequest,
} from "../observability/request-context.js";
import { createPreviewHandler } from "../preview/preview-handler.js";
import { createRestGateway } from "../rest/gateway.js";
import { createDashboard } from "./dashboard/dashboard.js";
import { createKeylessGuard } from "./keyless-guard.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/**
 * One request handler for the port: the REST gateway answers /healthz,
 * /v1/... and /api/..., the MCP server /mcp, the web dashboard GET / and its
 * files; everything else goes to the Connect adapter, which speaks gRPC,
 * gRPC-Web and Connect. The gateway and MCP call the very same handlers in
 * process.
 */
export function createHttpHandler(ctx: AppContext): (req: Request, res: Response) => void {
  const options = routerOptions(ctx);
  const connect = connectNodeAdapter({ routes: routes(ctx), ...options });
  // REST and MCP call the handlers in process, through one router.
  const inProcess = createRouterTransport(routes(ctx), { router: options });
  const authenticate = async (authorization: string | undefined) =>
    (await ctx.auth.principalFor(authorization)) !== undefined;
  const rest = createRestGateway({
    transport: inProcess,
    authenticate,
    maxBodyBytes: REQUEST_MAX_BYTES,
    maxUploadBytes: UPLOAD_MAX_BYTES,
    maxima: () => ({
      ttlSeconds: ctx.config.max_ttl_seconds,
      execTimeoutMs: ctx.config.defaults.max_exec_timeout_ms,
    }),
    previewDomain: () => ctx.config.preview.domain,
    log: (msg, fields) => ctx.log.debug(msg, fields),
  });
  const dashboard = createDashboard(ctx.config, ctx.log);
  const mcp = createMcpHttpRoute({
    transport: inProcess,
    authenticate,
    log: (msg, fields) => ctx.log.debug(msg, fields),
  });
  const keyless = ctx.auth.keyless;
  const refuseBrowsers = keyless ? createKeylessGuard() : () => false;
  const { metrics } = ctx;
  const handlers: [HttpHandlerName, (req: Request, res: Response) => boolean][] = [
    // Before the gateway: a preview takes a preview token instead of the key.
    ["preview", createPreviewHandler(ctx)],
    ["rest", rest],
    ["mcp", mcp],
    ["dashboard", dashboard],
  ];
  if (metrics) {
    const route = createMetricsRoute({
      registry: metrics.registry,
      metricsKey: () => ctx.config.metrics.api_key,
      isAdmin: async (authorization) =>
        (await ctx.auth.principalFor(authorization))?.role === "admin",
      hasApiKeys: !keyless,
    });
    // After the preview: in the host form, /metrics is the sandbox server's own path.
    handlers.splice(1, 0, ["metrics", route]);
  }
  const serve = (req: Request, res: Response) => {
    ctx.drain.track(res);
    if (refuseBrowsers(req, res)) return;
    for (const [name, handle] of handlers) {
      if (!handle(req, res)) continue;
      if (metrics) countHttpAnswer(metrics, name, req, res);
      return;
    }
    connect(req as http.IncomingMessage, res as http.ServerResponse);
  };
  // Every request has an id (the client's x-request-id if it is fit, or a
  // new one): in the answer's headers, and on every line logged meanwhile.
  return (req, res) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runInRequest({ requestId, url: req.url ?? "/" }, () => serve(req, res));
  };
}
