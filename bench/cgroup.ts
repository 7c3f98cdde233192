import { readCgroupStats } from "../src/docker/cgroup-stats.js";

export interface ContainerUsage {
  /** Memory in use without inactive page cache (cgroup v1: usage − total_inactive_file; v2: memory.current − inactive_file). */
  memoryBytes: number;
  cpuUsec: number;
}

/** A container's memory and CPU from its cgroup files, as the daemon's stats read them. */
export function containerUsage(containerId: string): ContainerUsage {
  const stats = readCgroupStats(containerId);
  if (!stats) throw new Error(`no cgroup files found for container ${containerId.slice(0, 12)}`);
  return { memoryBytes: Number(stats.memoryBytes), cpuUsec: Number(stats.cpuUsageUsec) };
}

/** Total memory of many containers. */
export function totalMemory(containerIds: readonly string[]): number {
  return containerIds.reduce((sum, id) => sum + containerUsage(id).memoryBytes, 0);
}
