import {
  NotFoundError,
  SandboxClient,
  type SandboxClientBase,
  type Session,
  type WatchEvent,
} from "@sandkasten/client";
import { SandboxClient as WebSandboxClient } from "@sandkasten/client/web";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../../support/workspace-daemon.js";

// session.watch() and a workspace's snapshots, fork and diff, against a real daemon.

let daemon: WorkspaceDaemon;
let client: SandboxClient;
let session: Session;
beforeAll(async () => {
  daemon = await startWorkspaceDaemon();
  client = new SandboxClient({ baseUrl: daemon.url, apiKey: daemon.apiKey });
  session = await client.createSession({ image: "base" });
});
afterAll(async () => {
  await session?.destroy();
  client?.close();
  await daemon?.stop();
});

/** Watches `dir`, runs `cmd` once the watch is ready, and gathers events until `last` says stop. */
async function watchWhile(
  on: Session,
  dir: string,
  cmd: string,
  last: (e: WatchEvent) => boolean,
): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const signal = AbortSignal.timeout(20_000);
  for await (const event of on.watch(dir, { recursive: true, signal })) {
    events.push(event);
    if (event.type === "ready") await on.exec(cmd);
    if (last(event)) break;
  }
  return events;
}

describe("session.watch", () => {
  const clients: Record<string, () => SandboxClientBase> = {
    "node grpc": () => client,
    "web connect (fetch)": () =>
      new WebSandboxClient({ baseUrl: daemon.url, apiKey: daemon.apiKey }),
  };
  for (const [name, make] of Object.entries(clients)) {
    test(`${name}: ready, then created, modified and deleted in that order`, async () => {
      const dir = `/tmp/watch-${name.replace(/\W+/g, "-")}`;
      await session.exec(`mkdir -p ${dir}/sub`);
      const on = await make().getSession(session.id);
      const events = await watchWhile(
        on,
        dir,
        `echo one > ${dir}/sub/a.txt; sleep 0.3; echo two >> ${dir}/sub/a.txt; sleep 0.3; rm ${dir}/sub/a.txt`,
        (e) => e.type === "deleted",
      );
      expect(events[0]).toEqual({ type: "ready" });
      const path = `${dir}/sub/a.txt`;
      const kinds = events.filter((e) => "path" in e && e.path === path).map((e) => e.type);
      expect(kinds[0]).toBe("created");
      expect(kinds.at(-1)).toBe("deleted");
      expect(kinds).toContain("modified");
      expect(kinds.indexOf("modified")).toBeGreaterThan(0);
    });
  }

  test("a rename inside the tree says where from", async () => {
    await session.exec("mkdir -p /tmp/watch-mv && echo x > /tmp/watch-mv/old.txt");
    const events = await watchWhile(
      session,
      "/tmp/watch-mv",
      "mv /tmp/watch-mv/old.txt /tmp/watch-mv/new.txt",
      (e) => e.type === "renamed",
    );
    expect(events.at(-1)).toEqual({
      type: "renamed",
      path: "/tmp/watch-mv/new.txt",
      oldPath: "/tmp/watch-mv/old.txt",
      isDir: false,
    });
  });

  test("a path that does not exist fails with NotFoundError", async () => {
    const stream = session.watch("/tmp/no-such-dir-here");
    await expect(stream.next()).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("workspace snapshots, fork and diff", () => {
  test("take, change, diff, restore: the old bytes come back", async () => {
    const ws = client.workspace(freshWorkspaceId("sdk-snap"));
    await ws.write("a.txt", "one\n");
    await ws.write("keep/k.txt", "kept\n");
    const taken = await ws.snapshots.take("before");
    expect(taken).toMatchObject({ workspaceId: ws.id, name: "before", files: 2, sizeBytes: 9 });
    expect(taken.createdAt).toBeInstanceOf(Date);

    await ws.write("a.txt", "two, longer\n");
    await ws.write("b.txt", "new\n");
    const diff = await ws.diff({ snapshot: "before" });
    expect(diff.truncated).toBe(false);
    expect(diff.changes).toEqual([
      {
        change: "changed",
        path: "/a.txt",
        before: { kind: "file", size: 4, mode: expect.any(Number) },
        after: { kind: "file", size: 12, mode: expect.any(Number) },
      },
      {
        change: "added",
        path: "/b.txt",
        after: { kind: "file", size: 4, mode: expect.any(Number) },
      },
    ]);

    expect(await ws.snapshots.restore("before")).toMatchObject({ name: "before" });
    expect(await ws.readText("a.txt")).toBe("one\n");
    await expect(ws.stat("b.txt")).rejects.toBeInstanceOf(NotFoundError);
    expect((await ws.diff({ snapshot: "before" })).changes).toEqual([]);
    await client.deleteWorkspace(ws.id, { force: true });
  });

  test("a fork is a copy of its own; diff against it lists the changes", async () => {
    const ws = client.workspace(freshWorkspaceId("sdk-orig"));
    await ws.write("a.txt", "original\n");
    await ws.snapshots.take("v1");
    await ws.write("a.txt", "after v1\n");
    const forkId = freshWorkspaceId("sdk-fork");
    const fork = await ws.fork(forkId, { snapshot: "v1" });
    expect(fork.id).toBe(forkId);
    const forked = client.workspace(forkId);
    expect(await forked.readText("a.txt")).toBe("original\n");
    await forked.write("only-in-fork.txt", "f\n");
    expect(await ws.readText("a.txt")).toBe("after v1\n");
    await expect(ws.stat("only-in-fork.txt")).rejects.toBeInstanceOf(NotFoundError);

    const fromOriginal = await forked.diff({ against: ws.id });
    expect(fromOriginal.changes.map((c) => [c.change, c.path])).toEqual([
      ["changed", "/a.txt"],
      ["added", "/only-in-fork.txt"],
    ]);
    const fromV1 = await forked.diff({ against: ws.id, snapshot: "v1" });
    expect(fromV1.changes.map((c) => [c.change, c.path])).toEqual([["added", "/only-in-fork.txt"]]);
    await client.deleteWorkspace(forkId, { force: true });
    await client.deleteWorkspace(ws.id, { force: true });
  });

  test("list is oldest first; delete removes one; an unknown one is NotFoundError", async () => {
    const ws = client.workspace(freshWorkspaceId("sdk-list"));
    await ws.write("x", "x");
    await ws.snapshots.take("first");
    await ws.snapshots.take("second");
    expect((await ws.snapshots.list()).map((s) => s.name)).toEqual(["first", "second"]);
    await ws.snapshots.delete("first");
    expect((await ws.snapshots.list()).map((s) => s.name)).toEqual(["second"]);
    await expect(ws.snapshots.restore("first")).rejects.toBeInstanceOf(NotFoundError);
    await expect(ws.snapshots.delete("first")).rejects.toBeInstanceOf(NotFoundError);
    await client.deleteWorkspace(ws.id, { force: true });
  });
});
