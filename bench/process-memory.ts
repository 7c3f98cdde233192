import { readFileSync } from "node:fs";

/** Resident memory of a process in MiB, from /proc; NaN when it can't be read. */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The Docker engine's pid (from /var/run/docker.pid), or undefined. */
export function dockerdPid(): number | undefined {
  try {
    const pid = Number(readFileSync("/var/run/docker.pid", "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
