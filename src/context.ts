import type { Config } from "./config/load.js";
import { DockerClient } from "./docker/docker-client.js";
import { DockerRuntime } from "./docker/docker-runtime.js";
import { SessionEgress } from "./egress/session-egress.js";
import { createLogger, type Logger } from "./log.js";
import { createDaemonMetrics, type DaemonMetrics } from "./metrics/daemon-metrics.js";
import { countRunnerFailure } from "./metrics/runner-failures.js";
import { startTracing, type Tracing } from "./observability/tracing.js";
import { PoolEntries } from "./pool/pool-entries.js";
import { PoolManager } from "./pool/pool-manager.js";
import type { SessionRuntime } from "./runtime/runtime.js";
import { Drain } from "./server/drain.js";
import { findRunnerFiles, type RunnerFiles } from "./sessions/runner-files.js";
import { SessionManager } from "./sessions/session-manager.js";
import { type Db, openDatabase } from "./store/database.js";
import { SessionsRepo } from "./store/sessions-repo.js";
import { WorkspacesRepo } from "./store/workspaces-repo.js";
import { ApiKeysRepo } from "./tenants/api-keys-repo.js";
import { Authenticator } from "./tenants/authenticator.js";
import { configuredKeys } from "./tenants/config-keys.js";
import type { Owners } from "./tenants/ownership-interceptor.js";
import { DirectoryDriver } from "./workspaces/drivers/directory-driver.js";
import { SANDBOX_GID, SANDBOX_UID, type WorkspaceDriver } from "./workspaces/drivers/driver.js";
import { VolumeDriver } from "./workspaces/drivers/volume-driver.js";
import { WorkspaceFiles } from "./workspaces/workspace-files.js";
import { WorkspaceManager } from "./workspaces/workspace-manager.js";
import { Wsfs } from "./workspaces/wsfs.js";

/** Everything the handlers need, built once from the validated config. */
export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  docker: DockerClient;
  /** Where sessions' sandboxes run (config.runtime). */
  runtime: SessionRuntime;
  sessions: SessionManager;
  workspaces: WorkspaceManager;
  pool: PoolManager;
  /** Who a request's API key names (and whether the daemon has keys at all). */
  auth: Authenticator;
  /** Whose a session or workspace is. */
  owners: Owners;
  drain: Drain;
  /** Undefined when metrics.enabled is false. */
  metrics: DaemonMetrics | undefined;
  /** Undefined unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing: Tracing | undefined;
  close(): Promise<void>;
}

export interface ContextOverrides {
  log?: Logger;
  runnerFiles?: RunnerFiles;
}

export async function createAppContext(
  config: Config,
  o: ContextOverrides = {},
): Promise<AppContext> {
  const log = o.log ?? createLogger(config.log_level);
  const db = await openDatabase(config.db_path);
  const docker = new DockerClient(config.docker.socket, config.docker.timeout_ms);
  const runnerFiles = o.runnerFiles ?? findRunnerFiles();
  const sessionsRepo = new SessionsRepo(db);
  const workspacesRepo = new WorkspacesRepo(db);
  const wsfs = new Wsfs({ binary: runnerFiles.wsfs, uid: SANDBOX_UID, gid: SANDBOX_GID });
  const driver: WorkspaceDriver =
    config.workspace.driver === "directory"
      ? new DirectoryDriver(config.data_dir, (root) => new WorkspaceFiles(wsfs, root))
      : new VolumeDriver(docker, config.instance);
  // Deleting a workspace destroys the sessions that use it: the one call back.
  const workspaces = new WorkspaceManager(config, driver, workspacesRepo, wsfs, log, (id) =>
    sessions.destroy(id),
  );
  // config.runtime is "docker": the schema refuses the rest.
  const runtime: SessionRuntime = new DockerRuntime(config, docker, runnerFiles, log);
  const poolEntries = new PoolEntries(config, runtime);
  const pool = new PoolManager(
    config,
    {
      create: (image) => poolEntries.create(image),
      discard: (entry) => poolEntries.discard(entry),
    },
    log,
  );
  const sessions = new SessionManager({
    config,
    repo: sessionsRepo,
    runtime,
    egress: new SessionEgress(docker, config.instance, log),
    poolEntries,
    pool,
    workspaces,
    log,
  });
  const metrics = config.metrics.enabled ? createDaemonMetrics({ db, runtime, pool }) : undefined;
  if (metrics) sessions.onRunnerFailure = countRunnerFailure(metrics);
  const tracing = await startTracing(process.env, log, config.instance);
  return {
    config,
    log,
    db,
    docker,
    runtime,
    sessions,
    workspaces,
    pool,
    drain: new Drain(),
    metrics,
    tracing,
    auth: new Authenticator(configuredKeys(config.api_key, config.api_keys), new ApiKeysRepo(db)),
    owners: {
      session: async (id) => (await sessionsRepo.get(id))?.tenant,
      workspace: async (id) => (await workspacesRepo.get(id))?.tenant,
    },
    async close() {
      await sessions.close();
      runtime.close();
      await db.destroy();
      docker.close();
      await tracing?.shutdown();
    },
  };
}
