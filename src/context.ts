import { createApiKeyCheck } from "./auth/api-keys.js";
import type { Config } from "./config/load.js";
import { DockerClient } from "./docker/docker-client.js";
import { createLogger, type Logger } from "./log.js";
import { findRunnerFiles, type RunnerFiles } from "./sessions/runner-files.js";
import { SessionManager } from "./sessions/session-manager.js";
import { type Db, openDatabase } from "./store/database.js";
import { SessionsRepo } from "./store/sessions-repo.js";

/** Everything the handlers need, built once from the validated config. */
export interface AppContext {
  config: Config;
  log: Logger;
  db: Db;
  docker: DockerClient;
  sessions: SessionManager;
  checkApiKey: (authorization: string | undefined) => boolean;
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
  const sessions = new SessionManager(
    config,
    docker,
    new SessionsRepo(db),
    o.runnerFiles ?? findRunnerFiles(),
    log,
  );
  return {
    config,
    log,
    db,
    docker,
    sessions,
    checkApiKey: createApiKeyCheck([config.api_key, ...config.api_keys]),
    async close() {
      sessions.close();
      await db.destroy();
    },
  };
}
