import { Code } from "@connectrpc/connect";
import { clientsFor } from "../support/clients.js";
import { expectCode } from "../support/connect-errors.js";
import { inspectSessionContainer } from "../support/engine.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/**
 * Resource limits reach the engine and the kernel, and GetSessionStats
 * reports what the container really uses.
 */

const MiB = 1024 * 1024;

/** Memory limit, pids limit and cpu quota per 100 ms period, as the kernel sees them (cgroup v2 or v1). */
const CGROUP_LIMITS = [
  "if [ -f /sys/fs/cgroup/memory.max ]; then",
  "  cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max; cut -d' ' -f1 /sys/fs/cgroup/cpu.max",
  "else",
  "  cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/cpu/cpu.cfs_quota_us",
  "fi",
].join("\n");

describe("limits", () => {
  test("without limits the configured defaults are applied (engine and cgroup)", async ({
    daemon,
    api,
    session,
  }) => {
    const { HostConfig } = await inspectSessionContainer(daemon, session.id);
    expect(HostConfig.Memory).toBe(512 * MiB);
    expect(HostConfig.MemorySwap).toBe(512 * MiB);
    expect(HostConfig.NanoCpus).toBe(1e9);
    expect(HostConfig.PidsLimit).toBe(256);
    const cgroup = await run(api, session.id, CGROUP_LIMITS);
    expect(cgroup.output).toBe(`${512 * MiB}\n256\n100000\n`);
  });

  test("requested cpu, memory and pids limits are applied (engine and cgroup)", async ({
    daemon,
    api,
  }) => {
    const { session } = await api.sessions.createSession({
      image: "base",
      limits: { cpuLimit: 0.5, memLimitMb: 256, pidsLimit: 64 },
    });
    const id = session?.id ?? "";
    try {
      const { HostConfig } = await inspectSessionContainer(daemon, id);
      expect(HostConfig.Memory).toBe(256 * MiB);
      expect(HostConfig.NanoCpus).toBe(5e8);
      expect(HostConfig.PidsLimit).toBe(64);
      const cgroup = await run(api, id, CGROUP_LIMITS);
      expect(cgroup.output).toBe(`${256 * MiB}\n64\n50000\n`);
    } finally {
      await api.sessions.destroySession({ id });
    }
  });

  test("a memory hog is what the OOM killer ends, not the runner: the session stays usable", async ({
    api,
  }) => {
    const { session } = await api.sessions.createSession({
      image: "python",
      limits: { memLimitMb: 64 },
    });
    const id = session?.id ?? "";
    try {
      const hog = await run(
        api,
        id,
        "python3 -c 'x = bytearray(200 * 1024 * 1024); print(len(x))'",
        30_000,
      );
      const scores = await run(
        api,
        id,
        "cat /proc/self/oom_score_adj /proc/$(pgrep -f '^/opt/sandkasten/node /opt/sandkasten/runner.mjs')/oom_score_adj",
      );
      expect(scores.output).toBe("1000\n0\n");
      expect(hog.exitCode).toBe(137);
      expect(hog.output).toMatch(/Killed/);
      expect(hog.shellRestarted).toBe(false);
      expect((await run(api, id, "echo alive")).output).toBe("alive\n");
    } finally {
      await api.sessions.destroySession({ id });
    }
  });

  test("a fork bomb-ish loop hits the pids limit without harming the daemon: the call answers, the next exec works", async ({
    daemon,
    api,
    session: neighbour,
  }) => {
    const { session } = await api.sessions.createSession({
      image: "base",
      limits: { pidsLimit: 64 },
    });
    const id = session?.id ?? "";
    try {
      const bomb = run(api, id, "for i in $(seq 400); do sleep 10 & done; echo looped", 60_000);
      // While it runs, the daemon keeps serving others.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const health = await fetch(`${daemon.url}/healthz`);
      expect(health.status).toBe(200);
      expect((await run(api, neighbour.id, "echo neighbour")).output).toBe("neighbour\n");
      const result = await bomb;
      expect(result.output).toMatch(/fork: (retry: )?Resource temporarily unavailable/);
      expect(result.timedOut).toBe(false);
      const stats = await api.sessions.getSessionStats({ id });
      expect(stats.pids).toBeLessThanOrEqual(64);
      const next = await run(api, id, "echo next");
      expect(next.output).toBe("next\n");
      expect(next.exitCode).toBe(0);
    } finally {
      await api.sessions.destroySession({ id });
    }
  });
});

describe("GetSessionStats", () => {
  test("reports memory in use, the configured limit, cpu time that grows with work, and pids", async ({
    api,
    session,
  }) => {
    const before = await api.sessions.getSessionStats({ id: session.id });
    expect(before.memoryBytes).toBeGreaterThan(0n);
    expect(before.memoryLimit).toBe(BigInt(512 * MiB));
    expect(before.pids).toBeGreaterThanOrEqual(3); // init, runner, bash
    await run(api, session.id, "dd if=/dev/zero of=/dev/null bs=1M count=500");
    const after = await api.sessions.getSessionStats({ id: session.id });
    expect(after.cpuUsageUsec).toBeGreaterThan(0n);
    expect(after.cpuUsageUsec).toBeGreaterThan(before.cpuUsageUsec);
    expect(after.memoryLimit).toBe(BigInt(512 * MiB));
  });

  test("memory_limit follows a requested limit", async ({ api }) => {
    const { session } = await api.sessions.createSession({
      image: "base",
      limits: { memLimitMb: 128 },
    });
    try {
      const stats = await api.sessions.getSessionStats({ id: session?.id ?? "" });
      expect(stats.memoryLimit).toBe(BigInt(128 * MiB));
    } finally {
      await api.sessions.destroySession({ id: session?.id ?? "" });
    }
  });

  test("stats of a destroyed session are FailedPrecondition, of an unknown one NotFound; REST answers integers", async ({
    daemon,
    api,
  }) => {
    const id = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    const res = await fetch(`${daemon.url}/v1/sessions/${id}/stats`, {
      headers: { authorization: `Bearer ${daemon.apiKey}` },
    });
    const body = (await res.json()) as Record<string, number>;
    expect(res.status).toBe(200);
    for (const key of ["memory_bytes", "memory_limit", "cpu_usage_usec"])
      expect(Number.isInteger(body[key]), key).toBe(true);
    expect(body.memory_limit).toBe(512 * MiB);
    await api.sessions.destroySession({ id });
    await expectCode(api.sessions.getSessionStats({ id }), Code.FailedPrecondition);
    await expectCode(
      clientsFor(daemon).sessions.getSessionStats({ id: "sdoesnotexist0000000" }),
      Code.NotFound,
    );
  });
});
