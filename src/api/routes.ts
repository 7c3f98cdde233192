import type { ConnectRouter, ConnectRouterOptions } from "@connectrpc/connect";

import { ServerReflection } from "../../gen/grpc/reflection/v1/reflection_pb.js";
import { ConfigService } from "../../gen/sandkasten/v1/config_pb.js";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { JobService } from "../../gen/sandkasten/v1/job_pb.js";
import { PtyService } from "../../gen/sandkasten/v1/pty_pb.js";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import { SnapshotService } from "../../gen/sandkasten/v1/snapshot_pb.js";
import { WatchService } from "../../gen/sandkasten/v1/watch_pb.js";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../context.js";
import { REQUEST_MAX_BYTES } from "../limits.js";
import { metricsInterceptor } from "../metrics/rpc-metrics-interceptor.js";
import { ownershipInterceptor } from "../tenants/ownership-interceptor.js";
import { configService } from "./config/index.js";
import { execService } from "./exec/index.js";
import { fsService } from "./fs/index.js";
import { authInterceptor } from "./interceptors/auth.js";
import { errorInterceptor } from "./interceptors/errors.js";
import { validateInterceptor } from "./interceptors/validate.js";
import { jobService } from "./job/index.js";
import { ptyService } from "./pty/index.js";
import { serverReflection } from "./reflection/server-reflection.js";
import { sessionService } from "./session/index.js";
import { snapshotService } from "./snapshot/index.js";
import { watchService } from "./watch/index.js";
import { workspaceService } from "./workspace/index.js";

/** The one handler set: served on the port and called by the REST gateway. */
export function routes(ctx: AppContext): (router: ConnectRouter) => void {
  return (router) => {
    router.service(SessionService, sessionService(ctx));
    router.service(ExecService, execService(ctx));
    router.service(FsService, fsService(ctx));
    router.service(JobService, jobService(ctx));
    router.service(PtyService, ptyService(ctx));
    router.service(WorkspaceService, workspaceService(ctx));
    router.service(SnapshotService, snapshotService(ctx));
    router.service(WatchService, watchService(ctx));
    router.service(ConfigService, configService(ctx));
    router.service(ServerReflection, serverReflection());
  };
}

/**
 * Metrics and traces outermost (they see every call and its final code),
 * then errors, the API key, the shutdown drain, the contract's field rules,
 * and the tenant's own ids only.
 */
export function routerOptions(ctx: AppContext): ConnectRouterOptions {
  return {
    interceptors: [
      ...(ctx.metrics ? [metricsInterceptor(ctx.metrics, ctx.log)] : []),
      ...(ctx.tracing ? [ctx.tracing.interceptor] : []),
      errorInterceptor(ctx.log),
      authInterceptor(ctx.auth),
      ctx.drain.interceptor,
      validateInterceptor(),
      ownershipInterceptor(ctx.owners),
    ],
    readMaxBytes: REQUEST_MAX_BYTES,
    // Answers go out uncompressed, whatever the client accepts: gzip of a
    // command's output would cost the daemon more CPU than the wire time it
    // saves on loopback or a LAN (and the sandboxes share that CPU).
    // Compressed requests are still read.
    compressMinBytes: Number.MAX_SAFE_INTEGER,
  };
}
