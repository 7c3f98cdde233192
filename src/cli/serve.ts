import type { Config } from "../config/load.js";
import { createLogger, routeProcessOutput } from "../log.js";
import { startDaemon } from "../server/daemon.js";
import { loadCliConfig } from "./config-file.js";

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
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  try {
    daemon = await startDaemon(config, { log });
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
