import type { Config } from "../config/load.js";
import { createLogger, routeProcessOutput } from "../log.js";
import { startDaemon } from "../server/daemon.js";
import { loadCliConfig } from "./config-file.js";
import { containerProblems } from "./container-checks.js";
import { inContainer, stageRunnerFiles } from "./in-container.js";

/**
 * Runs the daemon until SIGTERM or SIGINT. Everything it prints is a JSON
 * line: the log on stderr (with whatever else the process would print, see
 * routeProcessOutput), and one "listening" line on stdout for whoever
 * started it. Returns -1 while it runs: the process lives on.
 */
export async function serve(configFile: string | undefined): Promise<number> {
  // Until the config says which level: what goes wrong at start-up is an error anyway.
  const boot = createLogger("info");
  routeProcessOutput(boot);
  let config: Config;
  try {
    config = loadCliConfig(configFile);
  } catch (err) {
    boot.error((err as Error).message, { config_file: configFile ?? null });
    return 1;
  }
  const log = createLogger(config.log_level);
  routeProcessOutput(log);
  const problems = inContainer() ? containerProblems(config) : [];
  for (const problem of problems) log.error(`could not start: ${problem}`);
  if (problems.length > 0) return 1;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  try {
    // In a container, the runner files go where the host's engine finds them.
    const runnerFiles = inContainer() ? { runnerFiles: stageRunnerFiles(config.data_dir) } : {};
    daemon = await startDaemon(config, { log, ...runnerFiles });
  } catch (err) {
    log.error(`could not start: ${(err as Error).message}`, { listen: config.listen });
    // What it had begun (the store, the pool's first fills) must not keep the process up.
    process.exit(1);
  }
  createLogger("info", (line) => process.stdout.write(line)).info(
    `sandkasten listening on ${daemon.url}`,
    { url: daemon.url },
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { signal });
    daemon.stop(config.shutdown_grace_seconds * 1000).then(
      () => process.exit(0),
      (err) => {
        log.error("stopping failed", { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return -1;
}
