import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Client, Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DiffChange, SnapshotService } from "../../gen/sandkasten/v1/snapshot_pb.js";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import { transportFor } from "../support/clients.js";
import { expectCode } from "../support/connect-errors.js";
import { restAt, startTenantDaemon, tenantKey } from "../support/tenant-daemon.js";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import { decode, newSession, rest, sh, text } from "../support/workspace-helpers.js";

/**
 * Snapshots are copies of a workspace on the host, made, restored, forked
 * and compared by the confined helper: links a sandbox planted are copied
 * as links, and nothing outside the workspace is read or written.
 */

const CHANGE = {
  [DiffChange.ADDED]: "added",
  [DiffChange.REMOVED]: "removed",
  [DiffChange.CHANGED]: "changed",
  [DiffChange.UNSPECIFIED]: "?",
} as const;

describe.each(DRIVERS)("workspace snapshots (%s driver)", (driver) => {
  let d: WorkspaceDaemon;
  let snaps: Client<typeof SnapshotService>;
  let id: string;
  let session: string;
  let passwd: { text: string; mtimeMs: number };

  const read = async (workspaceId: string, path: string) =>
    decode((await d.ws.readWorkspaceFile({ workspaceId, path })).content);
  const write = (workspaceId: string, path: string, content: string) =>
    d.ws.writeWorkspaceFile({ workspaceId, path, content: text(content) });

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
    snaps = createClient(SnapshotService, transportFor(d, "grpc"));
    passwd = {
      text: readFileSync("/etc/passwd", "utf8"),
      mtimeMs: statSync("/etc/passwd").mtimeMs,
    };
    id = freshWorkspaceId("snap");
    session = await newSession(d, id);
    await sh(
      d,
      session,
      [
        "cd /workspace",
        "printf 'alpha v1' > a.txt",
        "mkdir sub && printf 'bravo' > sub/b.txt && chmod 640 sub/b.txt",
        "ln -s /etc/passwd link",
        "ln -s ../../.. up",
        "mkfifo pipe",
      ].join(" && "),
    );
  });

  afterAll(async () => {
    await d?.stop();
    expect(readFileSync("/etc/passwd", "utf8")).toBe(passwd.text);
    expect(statSync("/etc/passwd").mtimeMs).toBe(passwd.mtimeMs);
  });

  test("a snapshot, taken while a session is attached, holds the planted links as links", async () => {
    const { snapshot } = await snaps.snapshotWorkspace({ workspaceId: id, name: "v1" });
    expect(snapshot).toMatchObject({
      workspaceId: id,
      name: "v1",
      files: 2n,
      dirs: 1n,
      symlinks: 2n,
      sizeBytes: 13n,
      skipped: ["/pipe"],
      skippedCount: 1n,
    });
    const dir = join(d.dataDir, "snapshots", id, "v1");
    expect(readdirSync(dir).sort()).toEqual(["a.txt", "link", "sub", "up"]);
    expect(lstatSync(join(dir, "link")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link"))).toBe("/etc/passwd");
    expect(readlinkSync(join(dir, "up"))).toBe("../../..");
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("alpha v1");
    expect(lstatSync(join(dir, "sub/b.txt")).mode & 0o777).toBe(0o640);
    // No sandbox and no host user but root reaches the snapshots.
    const base = statSync(join(d.dataDir, "snapshots"));
    expect([base.uid, base.mode & 0o777]).toEqual([0, 0o700]);

    const { snapshots } = await snaps.listSnapshots({ workspaceId: id });
    expect(snapshots.map((s) => s.name)).toEqual(["v1"]);
    await expectCode(snaps.snapshotWorkspace({ workspaceId: id, name: "v1" }), Code.AlreadyExists);
  });

  test("snapshot, change, restore gives the old bytes and links back; refused while attached", async () => {
    await write(id, "a.txt", "alpha v2, longer");
    await d.ws.removeWorkspacePath({ workspaceId: id, path: "sub", recursive: true });
    await write(id, "new.txt", "new");
    await d.ws.removeWorkspacePath({ workspaceId: id, path: "link" });

    const refused = await expectCode(
      snaps.restoreWorkspace({ workspaceId: id, snapshot: "v1" }),
      Code.FailedPrecondition,
    );
    expect(refused.rawMessage).toContain(session);
    expect(await read(id, "a.txt")).toBe("alpha v2, longer");

    await d.api.sessions.destroySession({ id: session });
    await snaps.restoreWorkspace({ workspaceId: id, snapshot: "v1" });
    expect(await read(id, "a.txt")).toBe("alpha v1");
    expect(await read(id, "sub/b.txt")).toBe("bravo");
    await expectCode(d.ws.statWorkspacePath({ workspaceId: id, path: "new.txt" }), Code.NotFound);
    const { info } = await d.ws.statWorkspacePath({ workspaceId: id, path: "link" });
    expect(info?.isSymlink).toBe(true);

    // Inside a session the restored tree reads as it was written there.
    const s = await newSession(d, id);
    expect(
      await sh(d, s, "readlink /workspace/link /workspace/up; stat -c %a /workspace/sub/b.txt"),
    ).toBe("/etc/passwd\n../../..\n640\n");
    expect(await sh(d, s, "printf x > /workspace/by-session && echo ok")).toBe("ok\n");
    await d.api.sessions.destroySession({ id: s });
  });

  test("diff lists exactly the changed paths, with sizes", async () => {
    await write(id, "a.txt", "alpha, changed");
    await write(id, "d/new.txt", "12345");
    await d.ws.removeWorkspacePath({ workspaceId: id, path: "sub/b.txt" });

    const { changes, truncated } = await snaps.diffWorkspace({
      workspaceId: id,
      baseSnapshot: "v1",
    });
    expect(truncated).toBe(false);
    const seen = changes.map((c) => [
      CHANGE[c.change],
      c.path,
      c.before ? `${c.before.kind}:${c.before.size}` : "-",
      c.after ? `${c.after.kind}:${c.after.size}` : "-",
    ]);
    expect(seen).toEqual([
      ["changed", "/a.txt", "file:8", "file:14"],
      ["added", "/by-session", "-", "file:1"],
      ["added", "/d", "-", "dir:0"],
      ["added", "/d/new.txt", "-", "file:5"],
      ["removed", "/sub/b.txt", "file:5", "-"],
    ]);

    // The same over REST, and the other way round (the snapshot against the workspace).
    const r = await rest(d, "GET", `/v1/workspaces/${id}/diff?snapshot=v1`);
    expect(r.status).toBe(200);
    expect(
      r.json.changes.map((c: { change: string; path: string }) => `${c.change} ${c.path}`),
    ).toEqual([
      "changed /a.txt",
      "added /by-session",
      "added /d",
      "added /d/new.txt",
      "removed /sub/b.txt",
    ]);
    expect(r.json.changes[0].after).toEqual({ kind: "file", size: 14, mode: 0o644 });
    const back = await snaps.diffWorkspace({
      workspaceId: id,
      snapshot: "v1",
      baseWorkspaceId: id,
    });
    expect(back.changes.map((c) => `${CHANGE[c.change]} ${c.path}`)).toContain("added /sub/b.txt");

    await expectCode(snaps.diffWorkspace({ workspaceId: id }), Code.InvalidArgument);
    await expectCode(snaps.diffWorkspace({ workspaceId: id, baseSnapshot: "nope" }), Code.NotFound);
  });

  test("fork: a change in the fork leaves the original untouched", async () => {
    const live = freshWorkspaceId("fork");
    const { workspace } = await snaps.forkWorkspace({ workspaceId: id, newWorkspaceId: live });
    expect(workspace?.id).toBe(live);
    expect(await read(live, "a.txt")).toBe("alpha, changed");
    await write(live, "a.txt", "changed in the fork");
    await write(live, "only-in-fork", "f");
    expect(await read(id, "a.txt")).toBe("alpha, changed");
    await expectCode(
      d.ws.statWorkspacePath({ workspaceId: id, path: "only-in-fork" }),
      Code.NotFound,
    );
    const against = await rest(d, "GET", `/v1/workspaces/${live}/diff?against=${id}`);
    expect(against.json.changes.map((c: { path: string }) => c.path)).toEqual([
      "/a.txt",
      "/only-in-fork",
    ]);

    // From a snapshot, and over REST.
    const fromSnapshot = freshWorkspaceId("fork");
    const r = await rest(d, "POST", `/v1/workspaces/${id}/fork`, {
      new_workspace_id: fromSnapshot,
      snapshot: "v1",
    });
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(fromSnapshot);
    expect(await read(fromSnapshot, "a.txt")).toBe("alpha v1");
    const { info } = await d.ws.statWorkspacePath({ workspaceId: fromSnapshot, path: "link" });
    expect(info?.isSymlink).toBe(true);

    // An existing target: refused unless replace, and always while attached.
    await expectCode(
      snaps.forkWorkspace({ workspaceId: id, newWorkspaceId: live }),
      Code.AlreadyExists,
    );
    await snaps.forkWorkspace({
      workspaceId: id,
      newWorkspaceId: live,
      snapshot: "v1",
      replace: true,
    });
    expect(await read(live, "a.txt")).toBe("alpha v1");
    await expectCode(
      d.ws.statWorkspacePath({ workspaceId: live, path: "only-in-fork" }),
      Code.NotFound,
    );
    const s = await newSession(d, live);
    const refused = await expectCode(
      snaps.forkWorkspace({ workspaceId: id, newWorkspaceId: live, replace: true }),
      Code.FailedPrecondition,
    );
    expect(refused.rawMessage).toContain(s);
    await d.api.sessions.destroySession({ id: s });
    await expectCode(
      snaps.forkWorkspace({ workspaceId: id, newWorkspaceId: id }),
      Code.InvalidArgument,
    );
  });

  test("REST: take, list and delete snapshots; a deleted workspace takes its snapshots along", async () => {
    const taken = await rest(d, "POST", `/v1/workspaces/${id}/snapshots`, { name: "v2" });
    expect(taken.status).toBe(200);
    expect(taken.json).toMatchObject({ workspace_id: id, name: "v2", skipped: [] });
    const listed = await rest(d, "GET", `/v1/workspaces/${id}/snapshots`);
    expect(listed.json.snapshots.map((s: { name: string }) => s.name)).toEqual(["v1", "v2"]);
    expect((await rest(d, "POST", `/v1/workspaces/${id}/restore`, { snapshot: "v2" })).status).toBe(
      200,
    );
    expect((await rest(d, "DELETE", `/v1/workspaces/${id}/snapshots/v2`)).status).toBe(200);
    expect((await rest(d, "DELETE", `/v1/workspaces/${id}/snapshots/v2`)).status).toBe(404);
    expect(existsSync(join(d.dataDir, "snapshots", id, "v2"))).toBe(false);
    expect((await rest(d, "POST", `/v1/workspaces/${id}/snapshots`, { name: ".bad" })).status).toBe(
      400,
    );

    await d.ws.deleteWorkspace({ id });
    expect(existsSync(join(d.dataDir, "snapshots", id))).toBe(false);
    // The same id afresh has no snapshots of the old one.
    await write(id, "x", "new life");
    expect((await snaps.listSnapshots({ workspaceId: id })).snapshots).toEqual([]);
  });
});

describe("workspace snapshots and tenants", () => {
  const alpha = tenantKey("alpha");
  const beta = tenantKey("beta");
  let d: WorkspaceDaemon;
  const as = (key: string) => createClient(SnapshotService, transportFor(d, "grpc", key));
  const alphaWs = freshWorkspaceId("alpha");
  const betaWs = freshWorkspaceId("beta");

  beforeAll(async () => {
    d = await startTenantDaemon([alpha, beta]);
    const wsAs = (key: string) => createClient(WorkspaceService, transportFor(d, "grpc", key));
    await wsAs(alpha.key).writeWorkspaceFile({
      workspaceId: alphaWs,
      path: "secret",
      content: text("alpha"),
    });
    await wsAs(beta.key).writeWorkspaceFile({
      workspaceId: betaWs,
      path: "mine",
      content: text("beta"),
    });
    await as(alpha.key).snapshotWorkspace({ workspaceId: alphaWs, name: "s1" });
  });

  afterAll(async () => {
    await d?.stop();
  });

  test("another tenant's key gets NotFound for every snapshot call on a workspace it does not own", async () => {
    const b = as(beta.key);
    const calls: [string, () => Promise<unknown>][] = [
      ["SnapshotWorkspace", () => b.snapshotWorkspace({ workspaceId: alphaWs, name: "mine" })],
      ["ListSnapshots", () => b.listSnapshots({ workspaceId: alphaWs })],
      ["DeleteSnapshot", () => b.deleteSnapshot({ workspaceId: alphaWs, name: "s1" })],
      ["RestoreWorkspace", () => b.restoreWorkspace({ workspaceId: alphaWs, snapshot: "s1" })],
      [
        "ForkWorkspace",
        () =>
          b.forkWorkspace({
            workspaceId: alphaWs,
            snapshot: "s1",
            newWorkspaceId: freshWorkspaceId("steal"),
          }),
      ],
      ["DiffWorkspace", () => b.diffWorkspace({ workspaceId: betaWs, baseWorkspaceId: alphaWs })],
      [
        "DiffWorkspace of a snapshot",
        () =>
          b.diffWorkspace({ workspaceId: betaWs, baseWorkspaceId: alphaWs, baseSnapshot: "s1" }),
      ],
    ];
    for (const [label, call] of calls) {
      const err = await expectCode(call, Code.NotFound).catch((e: Error) => {
        throw new Error(`${label}: ${e.message}`);
      });
      expect(err.rawMessage, label).not.toContain("s1");
    }
    // A fork into another tenant's workspace id is refused as a taken id.
    await expectCode(
      b.forkWorkspace({ workspaceId: betaWs, newWorkspaceId: alphaWs, replace: true }),
      Code.AlreadyExists,
    );
    const r = await restAt(d.url, beta.key, "GET", `/v1/workspaces/${alphaWs}/snapshots`);
    expect(r.status).toBe(404);

    // alpha's snapshot is whole, and alpha's own fork of it is alpha's.
    expect(
      (await as(alpha.key).listSnapshots({ workspaceId: alphaWs })).snapshots.map((s) => s.name),
    ).toEqual(["s1"]);
    const forked = freshWorkspaceId("alpha");
    const { workspace } = await as(alpha.key).forkWorkspace({
      workspaceId: alphaWs,
      snapshot: "s1",
      newWorkspaceId: forked,
    });
    expect(workspace?.tenant).toBe("alpha");
    await expectCode(b.listSnapshots({ workspaceId: forked }), Code.NotFound);
  });
});
