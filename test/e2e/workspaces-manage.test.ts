import { type Timestamp, timestampMs } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { volumeName } from "../../src/workspaces/drivers/volume-driver.js";
import { expectCode } from "../support/connect-errors.js";
import { engine } from "../support/engine.js";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import { newSession, rest, sh, storageExists, text } from "../support/workspace-helpers.js";

const ms = (t: Timestamp | undefined) => (t ? timestampMs(t) : 0);

/**
 * ListWorkspaces / GetWorkspace / DeleteWorkspace, over gRPC and REST: what
 * a workspace reports, and that deleting one really removes its storage and
 * never pulls it from under a session unless asked to.
 */
describe.each(DRIVERS)("managing workspaces (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  test("List and Get show id, driver, times, the size of what was written and the attached sessions", async () => {
    const id = freshWorkspaceId("list");
    const t0 = Date.now();
    const s1 = await newSession(d, id);
    await sh(
      d,
      s1,
      "head -c 12345 /dev/urandom > /workspace/a.bin && mkdir -p sub && printf abc > sub/b",
    );
    await d.api.fs.writeFile({ sessionId: s1, path: "sub/c.txt", content: text("0123456789") });

    const listed = (await d.ws.listWorkspaces({})).workspaces.find((w) => w.id === id);
    expect(listed).toBeDefined();
    expect(listed?.driver).toBe(driver);
    expect(listed?.sizeBytes).toBe(12345n + 3n + 10n);
    expect(listed?.sessionIds).toEqual([s1]);
    expect(listed?.quotaBytes).toBe(0n);
    expect(listed?.overQuota).toBe(false);
    const created = ms(listed?.createdAt);
    const used = ms(listed?.lastUsedAt);
    expect(created).toBeGreaterThanOrEqual(t0 - 1000);
    expect(created).toBeLessThanOrEqual(Date.now());
    expect(used).toBeGreaterThanOrEqual(created);

    const got = (await d.ws.getWorkspace({ id })).workspace;
    expect(got?.sizeBytes).toBe(listed?.sizeBytes);
    expect(got?.sessionIds).toEqual([s1]);

    // The same over REST, as {"workspaces":[...]} with snake_case fields.
    const r = await rest(d, "GET", "/v1/workspaces");
    expect(r.status).toBe(200);
    const item = r.json.workspaces.find((w: { id: string }) => w.id === id);
    expect(item).toMatchObject({
      id,
      driver,
      size_bytes: 12345 + 3 + 10,
      session_ids: [s1],
      quota_bytes: 0,
      over_quota: false,
    });
    expect(new Date(item.created_at).getTime()).toBe(created);
    expect(new Date(item.last_used_at).getTime()).toBe(used);
    const one = await rest(d, "GET", `/v1/workspaces/${id}`);
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id, size_bytes: 12345 + 3 + 10, session_ids: [s1] });

    // Detached after the session ends.
    await d.api.sessions.destroySession({ id: s1 });
    expect((await d.ws.getWorkspace({ id })).workspace?.sessionIds).toEqual([]);
    const again = (await d.ws.listWorkspaces({})).workspaces.find((w) => w.id === id);
    expect(again?.sessionIds).toEqual([]);
    expect((await rest(d, "GET", `/v1/workspaces/${id}`)).json.session_ids).toEqual([]);

    // A later attach moves last_used_at, never created_at.
    await new Promise((r) => setTimeout(r, 20));
    const s2 = await newSession(d, id);
    const later = (await d.ws.getWorkspace({ id })).workspace;
    expect(ms(later?.createdAt)).toBe(created);
    expect(ms(later?.lastUsedAt)).toBeGreaterThan(used);
    expect(later?.sessionIds).toEqual([s2]);
    await d.api.sessions.destroySession({ id: s2 });
    await d.ws.deleteWorkspace({ id });
  });

  if (driver === "volume") {
    test("the volume is sandkasten-ws-<id>, labelled managed, instance and workspace", async () => {
      const id = freshWorkspaceId("label");
      await d.ws.writeWorkspaceFile({ workspaceId: id, path: "x", content: text("x") });
      const info = await engine.getVolume(volumeName(id)).inspect();
      expect(info.Labels).toMatchObject({
        "sandkasten.managed": "true",
        "sandkasten.instance": d.instance,
        "sandkasten.workspace": id,
      });
      await d.ws.deleteWorkspace({ id });
    });
  }

  test("Get, Delete and file reads of an unknown workspace are NotFound (REST 404)", async () => {
    const id = freshWorkspaceId("unknown");
    const err = await expectCode(d.ws.getWorkspace({ id }), Code.NotFound);
    expect(err.rawMessage).toContain(id);
    await expectCode(d.ws.deleteWorkspace({ id }), Code.NotFound);
    await expectCode(d.ws.readWorkspaceFile({ workspaceId: id, path: "x" }), Code.NotFound);
    await expectCode(d.ws.listWorkspaceDir({ workspaceId: id, path: "" }), Code.NotFound);
    for (const [method, path] of [
      ["GET", `/v1/workspaces/${id}`],
      ["DELETE", `/v1/workspaces/${id}`],
      ["GET", `/v1/workspaces/${id}/fs`],
      ["GET", `/v1/workspaces/${id}/fs/read?path=x`],
    ]) {
      const r = await rest(d, method, path);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.json.error).toContain(id);
    }
    // Reads never create it.
    expect(await storageExists(d, driver, id)).toBe(false);
  });

  test("Delete while a session has it attached is FailedPrecondition naming the session (REST 409), and changes nothing", async () => {
    const id = freshWorkspaceId("busy");
    const s = await newSession(d, id);
    await sh(d, s, "echo keep > /workspace/keep.txt");
    const err = await expectCode(d.ws.deleteWorkspace({ id }), Code.FailedPrecondition);
    expect(err.rawMessage).toContain(s);
    const r = await rest(d, "DELETE", `/v1/workspaces/${id}`);
    expect(r.status).toBe(409);
    expect(r.json.error).toContain(s);
    const r2 = await rest(d, "DELETE", `/v1/workspaces/${id}?force=false`);
    expect(r2.status).toBe(409);

    expect(await sh(d, s, "cat /workspace/keep.txt")).toBe("keep\n");
    expect((await d.ws.getWorkspace({ id })).workspace?.sessionIds).toEqual([s]);
    expect(await storageExists(d, driver, id)).toBe(true);
    await d.api.sessions.destroySession({ id: s });
    // Unattached now: a plain delete works (REST answers {"ok":true}).
    const ok = await rest(d, "DELETE", `/v1/workspaces/${id}`);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ ok: true });
    expect(await storageExists(d, driver, id)).toBe(false);
  });

  for (const via of ["grpc", "rest"] as const) {
    test(`Delete with force (${via}) destroys the attached session, then the workspace: storage gone, not listed, the same id starts empty`, async () => {
      const id = freshWorkspaceId("force");
      const s = await newSession(d, id);
      await sh(d, s, "mkdir -p /workspace/d && echo data > /workspace/d/f.txt");
      expect(await storageExists(d, driver, id)).toBe(true);

      if (via === "grpc") await d.ws.deleteWorkspace({ id, force: true });
      else {
        const r = await rest(d, "DELETE", `/v1/workspaces/${id}?force=true`);
        expect(r.status).toBe(200);
        expect(r.json).toEqual({ ok: true });
      }

      expect((await d.api.sessions.getSession({ id: s })).session?.status).toBe(
        SessionStatus.DESTROYED,
      );
      await expectCode(d.api.exec.exec({ sessionId: s, cmd: "true" }), Code.FailedPrecondition);
      expect(await storageExists(d, driver, id)).toBe(false);
      expect((await d.ws.listWorkspaces({})).workspaces.map((w) => w.id)).not.toContain(id);
      await expectCode(d.ws.getWorkspace({ id }), Code.NotFound);

      const s2 = await newSession(d, id);
      expect(await sh(d, s2, "ls -A /workspace | wc -l")).toBe("0\n");
      await d.api.sessions.destroySession({ id: s2 });
      await d.ws.deleteWorkspace({ id });
      expect(await storageExists(d, driver, id)).toBe(false);
    });
  }
});
