import type { SandboxStats } from "../runtime/runtime.js";
import { readCgroupStats } from "./cgroup-stats.js";
import type { DockerClient } from "./docker-client.js";

interface DockerStats {
  memory_stats?: {
    usage?: number;
    max_usage?: number;
    limit?: number;
    stats?: { total_inactive_file?: number; inactive_file?: number };
  };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  pids_stats?: { current?: number };
}

/**
 * Memory (without the page cache), cpu time and processes of a container:
 * from its cgroup files, or from the engine where those can't be found.
 */
export async function containerStats(
  docker: DockerClient,
  containerId: string,
): Promise<SandboxStats> {
  const fromCgroup = readCgroupStats(containerId);
  if (fromCgroup) return fromCgroup;
  const s = (await docker.call("container stats", (api) =>
    api.getContainer(containerId).stats({ stream: false }),
  )) as unknown as DockerStats;
  const cache =
    s.memory_stats?.stats?.total_inactive_file ?? s.memory_stats?.stats?.inactive_file ?? 0;
  return {
    memoryBytes: BigInt(Math.max(0, (s.memory_stats?.usage ?? 0) - cache)),
    memoryPeakBytes: BigInt(s.memory_stats?.max_usage ?? s.memory_stats?.usage ?? 0),
    memoryLimit: BigInt(s.memory_stats?.limit ?? 0),
    cpuUsageUsec: BigInt(Math.round((s.cpu_stats?.cpu_usage?.total_usage ?? 0) / 1000)),
    pids: s.pids_stats?.current ?? 0,
  };
}
