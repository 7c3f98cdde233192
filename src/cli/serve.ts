import { startDaemon } from "../server/daemon.js";
import { loadCliConfig } from "./config-file.js";

/** Runs the daemon until SIGTERM or SIGINT. Returns -1: the process lives on. */
export async function serve(configFile: string | undefined): Promise<number> {
  const config = loadCliConfig(configFile);
  const daemon = await startDaemon(config);
  process.stdout.write(`sandkasten listening on ${daemon.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    daemon.ctx.log.info("stopping", { signal });
    daemon.stop(config.shutdown_grace_seconds * 1000).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return -1;
}
