import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LABEL_INSTANCE } from "../../src/docker/labels.js";
import { volumeName } from "../../src/workspaces/drivers/volume-driver.js";
import { expectCode } from "../support/connect-errors.js";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
  type WorkspaceDriverName,
} from "../support/workspace-daemon.js";
import { rest, storageExists, text } from "../support/workspace-helpers.js";

/**
 * A workspace whose storage was removed behind the daemon's back (an outside
 * `docker volume prune`, an `rm -rf` of its directory) is reported as
 * missing, not as an empty workspace, and can be deleted or started afresh.
 */
describe.each(DRIVERS)("a workspace removed outside sandkasten (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  const removeOutside = (id: string, kind: WorkspaceDriverName) => {
    if (kind === "volume") {
      // What a user's prune does, limited to this daemon's volumes.
      execFileSync("docker", [
        "volume",
        "prune",
        "--force",
        "--filter",
        `label=${LABEL_INSTANCE}=${d.instance}`,
      ]);
    } else {
      rmSync(join(d.dataDir, "workspaces", id), { recursive: true, force: true });
    }
  };

  test("is listed and got as missing; its files answer FailedPrecondition naming why", async () => {
    const id = freshWorkspaceId("gone");
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "a.txt", content: text("hello") });
    removeOutside(id, driver);
    expect(await storageExists(d, driver, id)).toBe(false);

    const listed = (await d.ws.listWorkspaces({})).workspaces.find((w) => w.id === id);
    expect(listed).toMatchObject({ status: "missing", sizeBytes: 0n });
    expect((await d.ws.getWorkspace({ id })).workspace?.status).toBe("missing");
    const restList = await rest(d, "GET", "/v1/workspaces");
    expect(restList.json.workspaces.find((w: { id: string }) => w.id === id)).toMatchObject({
      status: "missing",
    });

    const err = await expectCode(
      d.ws.readWorkspaceFile({ workspaceId: id, path: "a.txt" }),
      Code.FailedPrecondition,
    );
    expect(err.rawMessage).toMatch(
      new RegExp(
        `workspace ${id} is missing: its (volume|directory) was removed outside sandkasten`,
      ),
    );
  });

  test("can be deleted: DELETE answers ok and it leaves the list", async () => {
    const id = freshWorkspaceId("gone");
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "a.txt", content: text("x") });
    removeOutside(id, driver);
    const res = await rest(d, "DELETE", `/v1/workspaces/${id}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
    expect((await d.ws.listWorkspaces({})).workspaces.map((w) => w.id)).not.toContain(id);
    expect((await rest(d, "GET", `/v1/workspaces/${id}`)).status).toBe(404);
  });

  test("a write starts it afresh, empty but for the new file, and ready", async () => {
    const id = freshWorkspaceId("gone");
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "old.txt", content: text("old") });
    removeOutside(id, driver);
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "new.txt", content: text("new") });
    const w = (await d.ws.getWorkspace({ id })).workspace;
    expect(w?.status).toBe("ready");
    const listing = await d.ws.listWorkspaceDir({ workspaceId: id, path: "/" });
    expect(listing.entries.map((e) => e.name)).toEqual(["new.txt"]);
  });

  test("a ready workspace says ready", async () => {
    const id = freshWorkspaceId("here");
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "a", content: text("a") });
    expect((await d.ws.getWorkspace({ id })).workspace?.status).toBe("ready");
    if (driver === "volume") expect(volumeName(id)).toBe(`sandkasten-ws-${id}`);
  });
});
