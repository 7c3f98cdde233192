import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import { newSession, sh, text } from "../support/workspace-helpers.js";

/**
 * A workspace outlives the sessions that mount it, and the daemon itself;
 * a session without one keeps nothing.
 */
describe.each(DRIVERS)("workspace persistence (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  test("files written by exec and by FsService in one session are there in the next session with the same workspace_id", async () => {
    const id = freshWorkspaceId("persist");
    const s1 = await newSession(d, id);
    expect((await d.api.sessions.getSession({ id: s1 })).session?.workspaceId).toBe(id);
    await sh(
      d,
      s1,
      "echo from-exec > /workspace/exec.txt && mkdir -p /workspace/dir && echo nested > dir/n.txt",
    );
    await d.api.fs.writeFile({ sessionId: s1, path: "fs.txt", content: text("from-fs\n") });
    await d.api.fs.writeFile({
      sessionId: s1,
      path: "/workspace/dir/deep/f.txt",
      content: text("deep\n"),
    });
    await d.api.sessions.destroySession({ id: s1 });

    const s2 = await newSession(d, id);
    expect(
      await sh(d, s2, "cat /workspace/exec.txt /workspace/fs.txt dir/n.txt dir/deep/f.txt"),
    ).toBe("from-exec\nfrom-fs\nnested\ndeep\n");
    // The next session can change what the first one left.
    await sh(d, s2, "echo more >> /workspace/exec.txt && rm /workspace/fs.txt");
    await d.api.sessions.destroySession({ id: s2 });

    const s3 = await newSession(d, id);
    expect(await sh(d, s3, "cat exec.txt; ls -A /workspace")).toBe(
      "from-exec\nmore\ndir\nexec.txt\n",
    );
    await d.api.sessions.destroySession({ id: s3 });
    await d.ws.deleteWorkspace({ id });
  });

  test("a daemon restart between the two sessions loses nothing", async () => {
    const id = freshWorkspaceId("restart");
    const s1 = await newSession(d, id);
    await sh(d, s1, "seq 1 1000 > /workspace/numbers && echo kept > /workspace/kept.txt");
    await d.api.fs.writeFile({ sessionId: s1, path: "fs.txt", content: text("via fs") });
    await d.api.sessions.destroySession({ id: s1 });
    const before = (await d.ws.getWorkspace({ id })).workspace;

    const oldUrl = d.url;
    d = await d.restart();
    expect(d.url).not.toBe(oldUrl); // really a new daemon (a new port)

    const after = (await d.ws.getWorkspace({ id })).workspace;
    expect(after?.createdAt).toEqual(before?.createdAt);
    expect(after?.sizeBytes).toBe(before?.sizeBytes);
    const s2 = await newSession(d, id);
    expect(await sh(d, s2, "cat kept.txt fs.txt; echo; sha256sum < numbers")).toBe(
      `kept\nvia fs\n${sha256OfSeq()}  -\n`,
    );
    await d.api.sessions.destroySession({ id: s2 });
    await d.ws.deleteWorkspace({ id });
  });

  test("a session without workspace_id keeps an ephemeral /workspace: the next session does not see its files", async () => {
    const s1 = await newSession(d);
    expect((await d.api.sessions.getSession({ id: s1 })).session?.workspaceId).toBe("");
    await sh(d, s1, "echo gone > /workspace/ephemeral.txt");
    await d.api.fs.writeFile({ sessionId: s1, path: "also-gone.txt", content: text("x") });
    await d.api.sessions.destroySession({ id: s1 });

    const s2 = await newSession(d);
    expect(await sh(d, s2, "ls -A /workspace | wc -l")).toBe("0\n");
    await d.api.sessions.destroySession({ id: s2 });
    const { workspaces } = await d.ws.listWorkspaces({});
    expect(workspaces.map((w) => w.id)).not.toContain(s1);
    expect(workspaces.map((w) => w.id)).not.toContain(s2);
  });

  test("persist_by_default: a session without workspace_id gets a workspace named after the session", async () => {
    const p = await startWorkspaceDaemon({ workspace: { driver, persist_by_default: true } });
    try {
      const s1 = await newSession(p);
      expect((await p.api.sessions.getSession({ id: s1 })).session?.workspaceId).toBe(s1);
      await sh(p, s1, "echo by-default > /workspace/f.txt");
      await p.api.sessions.destroySession({ id: s1 });

      const { workspace } = await p.ws.getWorkspace({ id: s1 });
      expect(workspace?.id).toBe(s1);
      expect(workspace?.sessionIds).toEqual([]);
      const read = await p.ws.readWorkspaceFile({ workspaceId: s1, path: "f.txt" });
      expect(Buffer.from(read.content).toString()).toBe("by-default\n");

      // Its files come back in a session that names the workspace.
      const s2 = await newSession(p, s1);
      expect(await sh(p, s2, "cat /workspace/f.txt")).toBe("by-default\n");
      await p.api.sessions.destroySession({ id: s2 });
    } finally {
      await p.stop();
    }
  });
});

function sha256OfSeq(): string {
  const lines = Array.from({ length: 1000 }, (_, i) => `${i + 1}\n`).join("");
  return createHash("sha256").update(lines).digest("hex");
}
