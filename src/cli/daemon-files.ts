import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/load.js";

/**
 * The files a background daemon keeps in its data directory, the same ones
 * scripts/setup.sh uses: its pid and its log (stdout and stderr, JSON lines).
 */
export function daemonFiles(config: Config): { pid: string; log: string } {
  return { pid: join(config.data_dir, "daemon.pid"), log: join(config.data_dir, "daemon.log") };
}

/** The pid in the pid file; undefined when there is no file or no number in it. */
export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8").trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Removes the pid file if it still names `pid` (a newer daemon may have written its own). */
export function removePidFile(file: string, pid: number): void {
  if (readPidFile(file) === pid) rmSync(file, { force: true });
}

/**
 * Whether `pid` is a live sandkasten process: it exists, is no zombie, and
 * its command line runs sandkasten (so a recycled pid is never taken for it).
 */
export function isDaemonProcess(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state …": the state follows the last ')'.
    if (stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z") return false;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("sandkasten");
  } catch {
    return false;
  }
}
