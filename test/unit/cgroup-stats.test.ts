import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { readCgroupStats } from "../../src/docker/cgroup-stats.js";

/** Reading a container's figures from cgroup files, in each layout Docker uses. */

const id = "a".repeat(64);
let root = "";

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "skt-cgroup-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function files(dir: string, contents: Record<string, string>): void {
  mkdirSync(join(root, dir), { recursive: true });
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(root, dir, name), text);
}

const v2 = {
  "memory.current": "10485760\n",
  "memory.peak": "20971520\n",
  "memory.max": "536870912\n",
  "memory.stat": "anon 6291456\nfile 4194304\ninactive_file 2097152\nactive_file 2097152\n",
  "cpu.stat": "usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\n",
  "pids.current": "3\n",
};
const v2Expected = {
  memoryBytes: 8388608n,
  memoryPeakBytes: 20971520n,
  memoryLimit: 536870912n,
  cpuUsageUsec: 123456n,
  pids: 3,
};

describe("readCgroupStats", () => {
  test("cgroup v2 with the systemd driver (system.slice/docker-<id>.scope)", () => {
    files(`system.slice/docker-${id}.scope`, v2);
    expect(readCgroupStats(id, root)).toEqual(v2Expected);
  });

  test("cgroup v2 with the cgroupfs driver (docker/<id>); no memory.peak on older kernels", () => {
    const { "memory.peak": _, ...older } = v2;
    files(`docker/${id}`, { ...older, "memory.max": "max\n" });
    expect(readCgroupStats(id, root)).toEqual({
      ...v2Expected,
      memoryPeakBytes: 10485760n,
      memoryLimit: 0n,
    });
  });

  test("cgroup v1 with the cgroupfs driver, page cache left out as docker stats does", () => {
    files(`memory/docker/${id}`, {
      "memory.usage_in_bytes": "4317184\n",
      "memory.max_usage_in_bytes": "23965696\n",
      "memory.limit_in_bytes": "536870912\n",
      "memory.stat": "cache 1000\ninactive_file 4096\ntotal_inactive_file 8192\n",
    });
    files(`cpuacct/docker/${id}`, { "cpuacct.usage": "169892034\n" });
    files(`pids/docker/${id}`, { "pids.current": "3\n" });
    expect(readCgroupStats(id, root)).toEqual({
      memoryBytes: 4317184n - 8192n,
      memoryPeakBytes: 23965696n,
      memoryLimit: 536870912n,
      cpuUsageUsec: 169892n,
      pids: 3,
    });
  });

  test("no cgroup found, or an id that is not a full container id: undefined (the engine is asked)", () => {
    expect(readCgroupStats(id, root)).toBeUndefined();
    files(`docker/${"b".repeat(64)}`, v2);
    expect(readCgroupStats("../docker/x", root)).toBeUndefined();
    expect(readCgroupStats("b".repeat(12), root)).toBeUndefined();
  });
});
