import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * Our REST API driven the way the original project's benchmark client
 * (cmd/sandbench) drives it, with nothing of it built: list sessions until
 * one is pool_idle, create, classify the start by acquire_source, run a
 * workload with its default timeout_ms of 300000 while polling stats every
 * 200 ms, and delete. Once with the pool on, once with it off.
 */

interface SessionInfo {
  id: string;
  image: string;
  status: string;
  acquire_source?: string;
  acquire_detail?: string;
}

class SandClient {
  constructor(private readonly d: TestDaemon) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.d.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.d.apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await res.text();
    if (res.status < 200 || res.status > 299)
      throw new Error(`${method} ${path}: ${res.status} ${raw}`);
    return (raw === "" ? undefined : JSON.parse(raw)) as T;
  }

  listSessions = () => this.call<SessionInfo[]>("GET", "/v1/sessions");
  createSession = (image: string) =>
    this.call<SessionInfo>("POST", "/v1/sessions", { image, ttl_seconds: 1800 });
  stats = (id: string) =>
    this.call<{ memory_bytes: number; cpu_usage_usec: number }>("GET", `/v1/sessions/${id}/stats`);
  exec = (id: string, cmd: string) =>
    this.call<{ exit_code: number; duration_ms: number }>("POST", `/v1/sessions/${id}/exec`, {
      cmd,
      timeout_ms: 300000,
    });
  destroy = (id: string) => this.call("DELETE", `/v1/sessions/${id}`);
}

async function waitPoolIdle(client: SandClient, image: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const sessions = await client.listSessions();
    if (sessions.some((s) => s.status === "pool_idle" && s.image === image)) return;
    if (Date.now() > deadline) throw new Error(`timeout waiting for pool_idle (image=${image})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One run: create, stats, workload with stats polled every 200 ms, stats, delete. */
async function runOne(client: SandClient, image: string) {
  const started = performance.now();
  const created = await client.createSession(image);
  const startupMs = performance.now() - started;
  try {
    const before = await client.stats(created.id);
    let polls = 0;
    let peak = before.memory_bytes;
    const work = client.exec(created.id, "python3 -c 'print(sum(range(10**6)))' >/dev/null");
    let done = false;
    void work.finally(() => {
      done = true;
    });
    while (!done) {
      const s = await client.stats(created.id);
      polls++;
      peak = Math.max(peak, s.memory_bytes);
      await new Promise((r) => setTimeout(r, 200));
    }
    const result = await work;
    const after = await client.stats(created.id);
    return {
      created,
      startupMs,
      result,
      polls,
      peak,
      cpuDelta: after.cpu_usage_usec - before.cpu_usage_usec,
    };
  } finally {
    await client.destroy(created.id);
  }
}

const IMAGE = "sandbox-runtime:python";

describe.each([true, false])("the original's benchmark flow, pool %s", (poolOn) => {
  let d: TestDaemon;
  let client: SandClient;

  beforeAll(async () => {
    d = await startTestDaemon(poolOn ? { pool: { enabled: true, images: { [IMAGE]: 2 } } } : {});
    client = new SandClient(d);
  });
  afterAll(async () => {
    await d?.stop();
  });

  test("cold runs drain the idle entries first, then start cold", async () => {
    const idle = (await client.listSessions()).filter(
      (s) => s.status === "pool_idle" && s.image === IMAGE,
    );
    const drained: string[] = [];
    for (const _ of idle) drained.push((await client.createSession(IMAGE)).id);
    const run = await runOne(client, IMAGE);
    for (const id of drained) await client.destroy(id);
    expect(run.created.acquire_source).toBe("cold");
    // Why not from the pool; with the pool off there is nothing to say (as the original).
    if (poolOn) expect(run.created.acquire_detail).toBe("the pool was empty");
    else expect(run.created.acquire_detail).toBeUndefined();
    expect(run.result.exit_code).toBe(0);
    expect(run.polls).toBeGreaterThan(0);
  });

  test(
    poolOn
      ? "warm runs find pool_idle entries and start from the pool"
      : "with the pool off, no pool_idle entry ever shows",
    async () => {
      if (!poolOn) {
        await expect(waitPoolIdle(client, IMAGE, 1500)).rejects.toThrow(
          /timeout waiting for pool_idle/,
        );
        return;
      }
      for (let i = 0; i < 3; i++) {
        await waitPoolIdle(client, IMAGE, 30_000);
        const run = await runOne(client, IMAGE);
        expect(run.created.acquire_source).toBe("pool");
        expect(run.created.acquire_detail).toBeUndefined();
        expect(run.result.exit_code).toBe(0);
        expect(run.peak).toBeGreaterThan(0);
      }
    },
  );

  test("pool_idle entries are listed with the image and left out on request", async () => {
    const all = await client.listSessions();
    const idle = all.filter((s) => s.status === "pool_idle");
    if (poolOn) {
      await waitPoolIdle(client, IMAGE, 30_000);
      expect(
        (await client.listSessions()).filter((s) => s.status === "pool_idle").length,
      ).toBeGreaterThan(0);
    } else {
      expect(idle).toEqual([]);
    }
    const without = await client.call<SessionInfo[]>("GET", "/v1/sessions?include_pool=false");
    expect(without.filter((s) => s.status === "pool_idle")).toEqual([]);
  });
});
