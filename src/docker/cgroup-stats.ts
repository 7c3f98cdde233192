import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SandboxStats } from "../runtime/runtime.js";

/** What a container's cgroup holds now. */
export type CgroupStats = SandboxStats;

const ROOT = "/sys/fs/cgroup";

/**
 * A container's figures read straight from its cgroup files (about a
 * millisecond, where the engine's stats call waits for two samples), for
 * cgroup v1 and v2 with either of Docker's cgroup drivers. Undefined when
 * the files are not where Docker puts them (another cgroup parent, a
 * remote engine): the caller then asks the engine.
 *
 * The paths come from the engine's container id, never from the sandbox,
 * and cgroup files are the kernel's: the sandbox can't plant or change them.
 */
export function readCgroupStats(containerId: string, root = ROOT): CgroupStats | undefined {
  if (!/^[0-9a-f]{64}$/.test(containerId)) return undefined;
  return readV2(containerId, root) ?? readV1(containerId, root);
}

function readV2(id: string, root: string): CgroupStats | undefined {
  for (const dir of [join(root, "system.slice", `docker-${id}.scope`), join(root, "docker", id)]) {
    const current = readNumber(join(dir, "memory.current"));
    if (current === undefined) continue;
    const stat = readKeyed(join(dir, "memory.stat"));
    const max = readText(join(dir, "memory.max"))?.trim();
    return {
      memoryBytes: clampBelow(current - (stat.get("inactive_file") ?? 0n)),
      memoryPeakBytes: readNumber(join(dir, "memory.peak")) ?? current,
      memoryLimit: max === undefined || max === "max" ? 0n : BigInt(max),
      cpuUsageUsec: readKeyed(join(dir, "cpu.stat")).get("usage_usec") ?? 0n,
      pids: Number(readNumber(join(dir, "pids.current")) ?? 0n),
    };
  }
  return undefined;
}

function readV1(id: string, root: string): CgroupStats | undefined {
  const memory = join(root, "memory", "docker", id);
  const usage = readNumber(join(memory, "memory.usage_in_bytes"));
  if (usage === undefined) return undefined;
  const stat = readKeyed(join(memory, "memory.stat"));
  const cache = stat.get("total_inactive_file") ?? stat.get("inactive_file") ?? 0n;
  const cpuNs =
    readNumber(join(root, "cpuacct", "docker", id, "cpuacct.usage")) ??
    readNumber(join(root, "cpu,cpuacct", "docker", id, "cpuacct.usage")) ??
    0n;
  return {
    memoryBytes: clampBelow(usage - cache),
    memoryPeakBytes: readNumber(join(memory, "memory.max_usage_in_bytes")) ?? usage,
    memoryLimit: readNumber(join(memory, "memory.limit_in_bytes")) ?? 0n,
    cpuUsageUsec: cpuNs / 1000n,
    pids: Number(readNumber(join(root, "pids", "docker", id, "pids.current")) ?? 0n),
  };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function readNumber(path: string): bigint | undefined {
  const text = readText(path)?.trim();
  return text !== undefined && /^\d+$/.test(text) ? BigInt(text) : undefined;
}

/** A "key value" per line file such as memory.stat or cpu.stat. */
function readKeyed(path: string): Map<string, bigint> {
  const values = new Map<string, bigint>();
  for (const line of (readText(path) ?? "").split("\n")) {
    const [key, value] = line.split(" ");
    if (key && value && /^\d+$/.test(value)) values.set(key, BigInt(value));
  }
  return values;
}

const clampBelow = (n: bigint) => (n < 0n ? 0n : n);
