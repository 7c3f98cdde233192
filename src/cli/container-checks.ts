import { existsSync, readFileSync } from "node:fs";
import type { Config } from "../config/load.js";

/** CAP_SYS_ADMIN's bit in /proc/self/status CapEff: mount(2) needs it. */
const CAP_SYS_ADMIN = 21n;

interface MountEntry {
  point: string;
  /** Optional fields: "shared:N", "master:N", ... */
  tags: string[];
}

/** /proc/self/mountinfo, one entry per line (octal escapes in paths decoded). */
function mounts(): MountEntry[] {
  const decode = (s: string) =>
    s.replace(/\\([0-7]{3})/g, (_, octal: string) =>
      String.fromCharCode(Number.parseInt(octal, 8)),
    );
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => {
      const fields = line.split(" ");
      const end = fields.indexOf("-");
      return { point: decode(fields[4] ?? ""), tags: fields.slice(6, end < 0 ? undefined : end) };
    });
}

/** The mount `path` lives on: the last (topmost) of those with the longest mount point above it. */
function mountOf(path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts()) {
    const above = m.point === "/" || path === m.point || path.startsWith(`${m.point}/`);
    if (above && (best === undefined || m.point.length >= best.point.length)) best = m;
  }
  return best;
}

function hasCapability(bit: bigint): boolean {
  const line = readFileSync("/proc/self/status", "utf8")
    .split("\n")
    .find((l) => l.startsWith("CapEff:"));
  return line !== undefined && ((BigInt(`0x${line.slice(7).trim()}`) >> bit) & 1n) === 1n;
}

/**
 * What a daemon in a container needs from its host, as sentences saying
 * what to change; empty when all is there. The host's engine resolves bind
 * sources on the host, so data_dir must be the host's directory at the same
 * path. The pool binds workspaces onto pool containers' mount points from
 * here: that needs mount(2) and, for the binds to reach the engine, data_dir
 * mounted with shared propagation.
 */
export function containerProblems(config: Config): string[] {
  const problems: string[] = [];
  const dir = config.data_dir;
  const mount = `-v ${dir}:${dir}:rshared`;
  if (!existsSync(config.docker.socket)) {
    problems.push(
      `no engine socket at ${config.docker.socket}: mount the host's (-v /var/run/docker.sock:${config.docker.socket})`,
    );
  }
  const at = mountOf(dir);
  if (at === undefined || at.point === "/") {
    problems.push(
      `data_dir ${dir} is in the container's own file system, where the host's engine cannot see the runner sockets and workspaces: mount the host's directory at the same path (${mount})`,
    );
  } else if (config.pool.enabled) {
    if (!at.tags.some((t) => t.startsWith("shared:"))) {
      problems.push(
        `pool.enabled: the mounts made for pool containers under data_dir must reach the host's engine, so ${at.point} must be mounted with shared propagation (${mount}; on the host, make the directory a shared mount first if it is not: mount --bind ${dir} ${dir} && mount --make-shared ${dir})`,
      );
    }
    if (!hasCapability(CAP_SYS_ADMIN)) {
      problems.push(
        "pool.enabled: the pool's mounts need CAP_SYS_ADMIN (compose: cap_add: [SYS_ADMIN]; docker run: --cap-add SYS_ADMIN)",
      );
    }
  }
  return problems;
}
