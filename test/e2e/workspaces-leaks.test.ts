import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import { execFileAsync, newSession, sh } from "../support/workspace-helpers.js";

/**
 * Many short sessions on one workspace leave nothing behind but the
 * workspace itself, and deleting it leaves nothing at all.
 */

const CYCLES = 200;
const PARALLEL = 4;

/** Names the docker CLI lists for this daemon's instance label. */
async function dockerList(kind: "volume" | "container", instance: string): Promise<string[]> {
  const args =
    kind === "volume"
      ? ["volume", "ls", "-q", "--filter", `label=sandkasten.instance=${instance}`]
      : ["ps", "-aq", "--filter", `label=sandkasten.instance=${instance}`];
  const { stdout } = await execFileAsync("docker", args, { encoding: "utf8" });
  return stdout.split("\n").filter(Boolean).sort();
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

describe.each(DRIVERS)("no leaks over many sessions (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  async function snapshot() {
    return {
      volumes: await dockerList("volume", d.instance),
      containers: await dockerList("container", d.instance),
      workspaces: listing(join(d.dataDir, "workspaces")),
      socketDirs: listing(join(d.dataDir, "sessions")),
    };
  }

  test(`${CYCLES} create → append → destroy cycles leave only the workspace; deleting it leaves nothing`, async () => {
    const id = freshWorkspaceId("leak");
    const before = await snapshot();
    expect(before.containers).toEqual([]);

    let next = 1;
    const worker = async () => {
      for (let i = next++; i <= CYCLES; i = next++) {
        const s = await newSession(d, id);
        await sh(d, s, `echo ${i} >> /workspace/log`);
        await d.api.sessions.destroySession({ id: s });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    const after = await snapshot();
    expect(after.containers).toEqual(before.containers);
    expect(after.socketDirs).toEqual(before.socketDirs);
    if (driver === "volume") {
      expect(after.volumes).toEqual([...before.volumes, `sandkasten-ws-${id}`].sort());
      expect(after.workspaces).toEqual(before.workspaces);
    } else {
      expect(after.volumes).toEqual(before.volumes);
      expect(after.workspaces).toEqual([...before.workspaces, id].sort());
    }
    const { workspaces } = await d.ws.listWorkspaces({});
    expect(workspaces.map((w) => [w.id, w.sessionIds.length])).toEqual([[id, 0]]);
    const sessions = await d.daemon.ctx.db
      .selectFrom("sessions")
      .select("status")
      .where("workspace_id", "=", id)
      .execute();
    expect(sessions).toHaveLength(CYCLES);
    expect(new Set(sessions.map((r) => r.status))).toEqual(new Set(["destroyed"]));

    // Every cycle's line is there, once.
    const log = await d.ws.readWorkspaceFile({ workspaceId: id, path: "log" });
    const lines = Buffer.from(log.content).toString().split("\n").filter(Boolean).map(Number);
    expect(lines).toHaveLength(CYCLES);
    expect([...lines].sort((a, b) => a - b)).toEqual(
      Array.from({ length: CYCLES }, (_, i) => i + 1),
    );

    await d.ws.deleteWorkspace({ id });
    expect(await snapshot()).toEqual(before);
  }, 600_000);
});
