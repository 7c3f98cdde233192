import Docker from "dockerode";
import { inspectSessionContainer } from "../support/engine.js";
import { describe, expect, run, test } from "../support/fixtures.js";

const engine = new Docker({ socketPath: "/var/run/docker.sock" });

/** GetSessionStats reads the container's cgroup: the engine's own figures, without its wait. */
describe("session stats from the cgroup", () => {
  test("agree with the engine's stats for the same container", async ({ daemon, api, session }) => {
    await run(api, session.id, "sleep 30 >/dev/null 2>&1 &");
    const { Id } = await inspectSessionContainer(daemon, session.id);
    const ours = await api.sessions.getSessionStats({ id: session.id });
    const theirs = (await engine.getContainer(Id).stats({ stream: false })) as unknown as {
      memory_stats: { limit: number; usage: number };
      pids_stats: { current: number };
      cpu_stats: { cpu_usage: { total_usage: number } };
    };
    expect(ours.memoryLimit).toBe(BigInt(theirs.memory_stats.limit));
    expect(ours.pids).toBe(theirs.pids_stats.current);
    expect(ours.memoryPeakBytes).toBeGreaterThanOrEqual(ours.memoryBytes);
    expect(Number(ours.memoryBytes)).toBeGreaterThan(1024 * 1024);
    expect(Number(ours.memoryBytes)).toBeLessThanOrEqual(theirs.memory_stats.usage * 2);
    // The engine sampled later than we did: it can only have seen more CPU time.
    expect(Number(ours.cpuUsageUsec)).toBeLessThanOrEqual(
      theirs.cpu_stats.cpu_usage.total_usage / 1000,
    );
  });

  test("CPU time and the memory peak follow what the session does", async ({ api, session }) => {
    const before = await api.sessions.getSessionStats({ id: session.id });
    await run(api, session.id, "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");
    // /tmp is a tmpfs: its pages count against the container's memory.
    await run(api, session.id, "head -c 64000000 /dev/zero > /tmp/big && rm /tmp/big");
    const after = await api.sessions.getSessionStats({ id: session.id });
    expect(after.cpuUsageUsec - before.cpuUsageUsec).toBeGreaterThan(100_000n);
    expect(after.memoryPeakBytes).toBeGreaterThan(before.memoryPeakBytes + 32_000_000n);
  });

  test("REST answers memory_peak_bytes beside the seed's fields", async ({ daemon, session }) => {
    const res = await fetch(`${daemon.url}/v1/sessions/${session.id}/stats`, {
      headers: { authorization: `Bearer ${daemon.apiKey}` },
    });
    const body = (await res.json()) as Record<string, number>;
    expect(Object.keys(body).sort()).toEqual(
      ["cpu_usage_usec", "memory_bytes", "memory_limit", "memory_peak_bytes", "pids"].sort(),
    );
    expect(body.memory_peak_bytes).toBeGreaterThanOrEqual(body.memory_bytes ?? 0);
  });
});
