import { setTimeout as sleep } from "node:timers/promises";
import { CliError } from "./cli-args.js";
import { loadCliConfig } from "./config-file.js";
import { daemonFiles, isDaemonProcess, readPidFile, removePidFile } from "./daemon-files.js";

/** Time beyond the shutdown grace for the daemon to close its store and exit. */
const EXIT_SLACK_MS = 15_000;

/**
 * `sandkasten stop`: SIGTERM to the daemon whose pid is in
 * <data_dir>/daemon.pid (only that process), then waits until it is gone.
 */
export async function stop(configFile: string | undefined): Promise<number> {
  const config = loadCliConfig(configFile);
  const { pid: pidFile } = daemonFiles(config);
  const pid = readPidFile(pidFile);
  if (pid === undefined) {
    throw new CliError(`no daemon pid file at ${pidFile}: is a daemon running from this config?`);
  }
  if (!isDaemonProcess(pid)) {
    removePidFile(pidFile, pid);
    throw new CliError(`the daemon (pid ${pid}) is not running; removed the stale ${pidFile}`);
  }
  process.kill(pid, "SIGTERM");
  const waitMs = config.shutdown_grace_seconds * 1000 + EXIT_SLACK_MS;
  const deadline = Date.now() + waitMs;
  while (isDaemonProcess(pid)) {
    if (Date.now() > deadline) {
      throw new CliError(
        `the daemon (pid ${pid}) is still running ${waitMs / 1000} s after SIGTERM`,
      );
    }
    await sleep(100);
  }
  removePidFile(pidFile, pid);
  process.stdout.write(`stopped the daemon (pid ${pid})\n`);
  return 0;
}
