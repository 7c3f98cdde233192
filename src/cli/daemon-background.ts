import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { daemonUrl } from "./api-client.js";
import { CliError } from "./cli-args.js";
import { findConfigFile, loadCliConfig } from "./config-file.js";
import { daemonFiles, isDaemonProcess, readPidFile, removePidFile } from "./daemon-files.js";
import { healthy } from "./health.js";
import { tailLines } from "./log-file.js";

const START_TIMEOUT_MS = 60_000;

/**
 * `sandkasten daemon -d`: starts `serve` detached, its output appended to
 * <data_dir>/daemon.log and its pid in <data_dir>/daemon.pid, and returns
 * once the new daemon answers /healthz, printing its URL.
 */
export async function startInBackground(configFile: string | undefined): Promise<number> {
  const file = findConfigFile(configFile);
  // Loaded here first, so that a wrong config is told plainly, before anything starts.
  const config = loadCliConfig(configFile);
  const files = daemonFiles(config);
  const running = readPidFile(files.pid);
  if (running !== undefined && isDaemonProcess(running)) {
    throw new CliError(
      `a daemon is already running (pid ${running}, from ${files.pid}); stop it with 'sandkasten stop'`,
    );
  }
  const url = daemonUrl(config);
  if (!config.listen.endsWith(":0") && (await healthy(url))) {
    throw new CliError(
      `something already answers at ${url}; is a daemon running without a pid file?`,
    );
  }
  mkdirSync(config.data_dir, { recursive: true });
  const logStart = existsSync(files.log) ? statSync(files.log).size : 0;
  const log = openSync(files.log, "a");
  const entry = process.argv[1] ?? "";
  const child = spawn(
    process.execPath,
    [entry, "serve", ...(file === undefined ? [] : ["--config", resolve(file)])],
    { detached: true, stdio: ["ignore", log, log] },
  );
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new CliError(`could not start ${process.execPath} ${entry}`);
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  writeFileSync(files.pid, `${pid}\n`);
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !exited) {
    const listening = listeningUrl(files.log, logStart);
    if (listening !== undefined && (await healthy(listening))) {
      process.stdout.write(
        `sandkasten is running in the background (pid ${pid})\n` +
          `  url: ${listening}\n  log: ${files.log}\n  pid: ${files.pid}\n` +
          "stop it with: sandkasten stop\n",
      );
      return 0;
    }
    await sleep(100);
  }
  if (!exited) {
    throw new CliError(
      `the daemon (pid ${pid}) did not answer /healthz within ${START_TIMEOUT_MS / 1000} s; see ${files.log}`,
    );
  }
  removePidFile(files.pid, pid);
  process.stderr.write(`the daemon exited during start-up; the end of ${files.log}:\n`);
  for (const line of tailLines(files.log, 20, logStart)) process.stderr.write(`${line}\n`);
  return 1;
}

/** The URL in serve's "listening on" line, if it was written since `from`. */
function listeningUrl(logFile: string, from: number): string | undefined {
  const fd = openSync(logFile, "r");
  try {
    const size = statSync(logFile).size;
    const buf = Buffer.alloc(Math.max(0, size - from));
    readSync(fd, buf, 0, buf.length, from);
    for (const line of buf.toString("utf8").split("\n")) {
      if (!line.includes("sandkasten listening on")) continue;
      try {
        const url = (JSON.parse(line) as { url?: unknown }).url;
        // A wildcard address is reached through loopback.
        if (typeof url === "string")
          return url.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:");
      } catch {
        // A line cut in the middle of being written: read it again next time.
      }
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}
