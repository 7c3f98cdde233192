import type http from "node:http";
import type http2 from "node:http2";
import type { Transport } from "@connectrpc/connect";
import { createClient } from "@connectrpc/connect";
import { ConfigService } from "../../gen/sandkasten/v1/config_pb.js";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { JobService } from "../../gen/sandkasten/v1/job_pb.js";
import { PtyService } from "../../gen/sandkasten/v1/pty_pb.js";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import { SnapshotService } from "../../gen/sandkasten/v1/snapshot_pb.js";
import { WatchService } from "../../gen/sandkasten/v1/watch_pb.js";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import type { RestClients, RestContext, RestLog } from "./context.js";
import { HttpError } from "./http-error.js";
import type { RestRequest, RestResponse } from "./http-types.js";
import { readJsonObject } from "./json-body.js";
import { checkKnownNames } from "./known-names.js";
import type { Maxima } from "./lowered.js";
import { describeError, errorBody, sendJson } from "./respond.js";
import { matchRoute } from "./router.js";
import { restRoutes } from "./routes.js";
import { parseUrl, splitUrl } from "./url.js";

export interface RestGatewayOptions {
  // In-process transport to the handler set (auth and validation interceptors
  // run there too).
  transport: Transport;
  // The same key check the auth interceptor makes.
  authenticate: (authorization: string | undefined) => Promise<boolean>;
  // Limit of a JSON body; past it the answer is 413.
  maxBodyBytes: number;
  // Limit of one multipart upload request; past it the answer is 413.
  maxUploadBytes: number;
  // The maxima too-large ttl_seconds and timeout_ms are lowered to (none when absent).
  maxima?: () => Maxima;
  // The preview host form's domain ("" or absent: off).
  previewDomain?: () => string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export type RestGatewayHandler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => boolean;

const NO_MAXIMA: Maxima = {
  ttlSeconds: Number.POSITIVE_INFINITY,
  execTimeoutMs: Number.POSITIVE_INFINITY,
};

const publicPaths = new Set(restRoutes.filter((route) => route.public).map((route) => route.path));

// Answers /healthz, /v1/... and /api/... and returns true; returns false without
// touching the request for any other path, for the Connect adapter to serve.
export function createRestGateway(options: RestGatewayOptions): RestGatewayHandler {
  const clients: RestClients = {
    sessions: createClient(SessionService, options.transport),
    exec: createClient(ExecService, options.transport),
    jobs: createClient(JobService, options.transport),
    fs: createClient(FsService, options.transport),
    pty: createClient(PtyService, options.transport),
    workspaces: createClient(WorkspaceService, options.transport),
    snapshots: createClient(SnapshotService, options.transport),
    config: createClient(ConfigService, options.transport),
    watch: createClient(WatchService, options.transport),
  };
  const log: RestLog = options.log ?? (() => {});
  const startedAt = Date.now();
  return (req, res) => {
    const { path } = splitUrl(req.url ?? "/");
    if (!isGatewayPath(path)) return false;
    serve(req, res, options, clients, log, startedAt).catch((err: unknown) => {
      log("rest gateway failed to answer", { error: String(err) });
    });
    return true;
  };
}

// /v1/... is the API, /api/... the dashboard's config and status routes.
function isGatewayPath(path: string): boolean {
  const prefixed = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  return prefixed("/v1") || prefixed("/api") || publicPaths.has(path);
}

async function serve(
  req: RestRequest,
  res: RestResponse,
  options: RestGatewayOptions,
  clients: RestClients,
  log: RestLog,
  startedAt: number,
): Promise<void> {
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const clientGone = new AbortController();
  req.on("error", () => {});
  res.on("error", (err: Error) => log("rest response failed", { method, error: err.message }));
  // Closed before the answer was ended: the client went away. (Not "finish":
  // an HTTP/2 response emits it also when the client resets the stream.)
  res.once("close", () => {
    if (!res.writableEnded) clientGone.abort();
  });

  try {
    const path = splitUrl(url).path;
    const authorization = req.headers.authorization;
    if (!publicPaths.has(path) && !(await options.authenticate(authorization))) {
      throw new HttpError(401, "missing or invalid API key", { "www-authenticate": "Bearer" });
    }
    const { segments, query } = parseUrl(url);
    const match = matchRoute(restRoutes, method, segments);
    if (match.kind === "not-found") {
      throw new HttpError(404, `no route for ${method} ${path}`);
    }
    if (match.kind === "wrong-method") {
      throw new HttpError(405, `method ${method} is not allowed here`, {
        allow: match.allow.join(", "),
      });
    }
    const { route } = match;
    checkKnownNames("query parameter", query.keys(), route.query ?? []);
    const ctx: RestContext = {
      req,
      res,
      params: match.params,
      query,
      clients,
      callOptions: {
        headers: authorization === undefined ? {} : { authorization },
        signal: clientGone.signal,
      },
      signal: clientGone.signal,
      maxBodyBytes: options.maxBodyBytes,
      async body(maxBytes = options.maxBodyBytes) {
        const body = await readJsonObject(req, maxBytes);
        if (route.body !== "any") checkKnownNames("field", Object.keys(body), route.body ?? []);
        return body;
      },
      maxUploadBytes: options.maxUploadBytes,
      maxima: options.maxima?.() ?? NO_MAXIMA,
      previewDomain: options.previewDomain?.() ?? "",
      startedAt,
      log,
    };
    await route.handle(ctx);
  } catch (err) {
    const answer = describeError(err);
    if (answer.unexpected || (answer.status >= 500 && answer.status !== 501)) {
      log("rest request failed", {
        method,
        path: splitUrl(url).path,
        status: answer.status,
        error: String(err),
      });
    }
    if (clientGone.signal.aborted) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, answer.status, errorBody(answer), answer.headers);
  }
}
