import { existsSync, readFileSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import { type Clients, clientsFor, transportFor } from "../support/clients.js";
import { engine, waitFor } from "../support/engine.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * The pre-warmed pool: sessions, with or without a workspace, come from
 * ready containers that look exactly like cold ones; the pool refills in
 * the background; what it can't serve is created cold, and says why.
 */
const IMAGE = "sandbox-runtime:base";
let d: TestDaemon;
let api: Clients;

async function poolState() {
  const { images } = await api.sessions.getPoolStatus({});
  return images.find((i) => i.image === IMAGE);
}

function mountedUnder(dir: string): boolean {
  return readFileSync("/proc/self/mountinfo", "utf8").includes(` ${dir}`);
}

beforeAll(async () => {
  d = await startTestDaemon({ pool: { enabled: true, images: { [IMAGE]: 2 } } });
  api = clientsFor(d);
  expect(await waitFor(async () => (await poolState())?.ready === 2, 30_000)).toBe(true);
});

afterAll(async () => {
  await d.stop();
});

describe("the pool", () => {
  test("serves an ephemeral session that looks like a cold one", async () => {
    const { session } = await api.sessions.createSession({ image: "base", env: { FOO: "bar" } });
    expect(session?.pooled).toBe(true);
    const id = session?.id ?? "";
    const r = await api.exec.exec({
      sessionId: id,
      cmd: "id -u; pwd; echo $FOO; ls -A /workspace | wc -l; touch /workspace/x && echo writable",
    });
    expect(r.output).toBe("1000\n/workspace\nbar\n0\nwritable\n");
    const cold = (
      await api.sessions.createSession({
        image: "base",
        limits: { cpuLimit: 0.5, memLimitMb: 0, pidsLimit: 0 },
      })
    ).session;
    expect(cold?.pooled).toBe(false);
    expect(cold?.poolMissReason).toMatch(/default limits/);
    const pooledInfo = await engine.getContainer(session?.containerId ?? "").inspect();
    const coldInfo = await engine.getContainer(cold?.containerId ?? "").inspect();
    expect(pooledInfo.Config.Labels).toEqual({
      ...coldInfo.Config.Labels,
      "sandkasten.session": id,
    });
    expect(pooledInfo.HostConfig.Memory).toBe(coldInfo.HostConfig.Memory);
    expect(pooledInfo.HostConfig.PidsLimit).toBe(coldInfo.HostConfig.PidsLimit);
    expect(pooledInfo.HostConfig.ReadonlyRootfs).toBe(true);
    expect(pooledInfo.HostConfig.CapDrop).toEqual(coldInfo.HostConfig.CapDrop);
    await api.sessions.destroySession({ id });
    await api.sessions.destroySession({ id: cold?.id ?? "" });
    expect(mountedUnder(`${d.dataDir}/pool/${id}`)).toBe(false);
    // The ephemeral workspace went with the session.
    expect(existsSync(`${d.dataDir}/pool/${id}`)).toBe(false);
  });

  test("serves a session with a workspace, attached at take time", async () => {
    const ws = createClient(WorkspaceService, transportFor(d, "grpc"));
    await ws.writeWorkspaceFile({
      workspaceId: "pool-ws",
      path: "before.txt",
      content: Buffer.from("from before\n"),
    });
    await waitFor(async () => (await poolState())?.ready === 2, 30_000);
    const { session } = await api.sessions.createSession({ image: "base", workspaceId: "pool-ws" });
    expect(session?.pooled).toBe(true);
    const id = session?.id ?? "";
    const r = await api.exec.exec({
      sessionId: id,
      cmd: "cat before.txt; echo from session > after.txt; stat -c %u after.txt",
    });
    expect(r.output).toBe("from before\n1000\n");
    await api.sessions.destroySession({ id });
    expect(mountedUnder(`${d.dataDir}/pool/${id}`)).toBe(false);
    const after = await ws.readWorkspaceFile({ workspaceId: "pool-ws", path: "after.txt" });
    expect(Buffer.from(after.content).toString()).toBe("from session\n");
    await ws.deleteWorkspace({ id: "pool-ws" });
  });

  test("refills after takes, and falls back to cold when it can't serve", async () => {
    await waitFor(async () => (await poolState())?.ready === 2, 30_000);
    const before = await poolState();
    const made = await Promise.all(
      [1, 2, 3].map(() => api.sessions.createSession({ image: "base" })),
    );
    const pooled = made.filter((m) => m.session?.pooled).length;
    expect(pooled).toBe(2);
    expect(made.find((m) => !m.session?.pooled)?.session?.poolMissReason).toMatch(/empty/);
    const other = (await api.sessions.createSession({ image: "python" })).session;
    expect(other?.pooled).toBe(false);
    expect(other?.poolMissReason).toMatch(/not pooled/);
    expect(await waitFor(async () => (await poolState())?.ready === 2, 30_000)).toBe(true);
    const after = await poolState();
    expect(Number(after?.hits) - Number(before?.hits)).toBe(2);
    expect(Number(after?.misses) - Number(before?.misses)).toBe(1);
    expect(after?.takeP50Ms).toBeGreaterThan(0);
    for (const m of [...made, { session: other }])
      await api.sessions.destroySession({ id: m.session?.id ?? "" });
    const rest = await fetch(`${d.url}/v1/pool`, {
      headers: { authorization: `Bearer ${d.apiKey}` },
    });
    expect(((await rest.json()) as { images: { ready: number }[] }).images[0]?.ready).toBe(2);
  });
});
