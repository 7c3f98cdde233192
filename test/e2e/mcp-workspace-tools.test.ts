import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mcpOverHttp, structuredOf, textOf } from "../support/mcp-clients.js";
import {
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";

/**
 * The MCP tools for file watch (watch_files: a bounded wait, not a stream)
 * and for a workspace's snapshots (snapshot_workspace, diff_workspace,
 * restore_workspace), over the daemon's /mcp against real containers.
 */

let daemon: WorkspaceDaemon;
let client: Client;
beforeAll(async () => {
  daemon = await startWorkspaceDaemon({ workspace: { driver: "directory" } });
  client = await mcpOverHttp(daemon);
});
afterAll(async () => {
  await client?.close();
  await daemon?.stop();
});

const call = (name: string, args: Record<string, unknown>) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

async function createSession(workspaceId?: string): Promise<string> {
  const args = { image: "base", ...(workspaceId ? { workspace_id: workspaceId } : {}) };
  return (structuredOf(await call("create_session", args)).session as { id: string }).id;
}

const destroy = (id: string) => call("destroy_session", { session_id: id });

interface Watched {
  events: { kind: string; path: string; old_path?: string; is_dir: boolean }[];
  truncated: boolean;
  ended: boolean;
}

describe("watch_files", () => {
  let id: string;
  beforeAll(async () => {
    id = await createSession();
  });
  afterAll(async () => {
    await destroy(id);
  });

  test("collects what a background job does to files, in order, then answers", async () => {
    await call("exec", { session_id: id, command: "mkdir -p /tmp/mw" });
    const started = await call("exec", {
      session_id: id,
      command:
        "sleep 2; echo one > /tmp/mw/a.txt; sleep 0.3; echo two >> /tmp/mw/a.txt; sleep 0.3; mv /tmp/mw/a.txt /tmp/mw/b.txt; sleep 0.3; rm /tmp/mw/b.txt",
      background: true,
    });
    expect(structuredOf(started).job_id).toBeDefined();
    const begun = Date.now();
    const result = await call("watch_files", { session_id: id, path: "/tmp/mw", wait_ms: 6000 });
    expect(Date.now() - begun).toBeLessThan(20_000);
    const watched = structuredOf(result) as unknown as Watched;
    expect(watched).toMatchObject({ truncated: false, ended: false });
    const kinds = watched.events.map((e) => e.kind);
    expect(kinds[0]).toBe("created");
    expect(watched.events[0]?.path).toBe("/tmp/mw/a.txt");
    expect(kinds).toContain("modified");
    const renamed = kinds.indexOf("renamed");
    expect(renamed).toBeGreaterThan(kinds.indexOf("modified"));
    expect(watched.events[renamed]).toEqual({
      kind: "renamed",
      path: "/tmp/mw/b.txt",
      old_path: "/tmp/mw/a.txt",
      is_dir: false,
    });
    expect(watched.events.at(-1)).toMatchObject({ kind: "deleted", path: "/tmp/mw/b.txt" });
    expect(textOf(result)).toContain("renamed /tmp/mw/a.txt -> /tmp/mw/b.txt");
  });

  test("a quiet tree answers no events after the wait; max_events answers early", async () => {
    await call("exec", { session_id: id, command: "mkdir -p /tmp/quiet" });
    const quiet = await call("watch_files", { session_id: id, path: "/tmp/quiet", wait_ms: 300 });
    expect(structuredOf(quiet)).toEqual({ events: [], truncated: false, ended: false });
    expect(textOf(quiet)).toMatch(/No changes/);

    await call("exec", {
      session_id: id,
      command: "sleep 1; for i in $(seq 20); do echo $i > /tmp/quiet/f$i; done",
      background: true,
    });
    const begun = Date.now();
    const early = await call("watch_files", {
      session_id: id,
      path: "/tmp/quiet",
      wait_ms: 20_000,
      max_events: 3,
    });
    expect(Date.now() - begun).toBeLessThan(15_000);
    const watched = structuredOf(early) as unknown as Watched;
    expect(watched.events).toHaveLength(3);
    expect(watched.truncated).toBe(true);
  });

  test("a missing path is a tool error; wait_ms past 30000 is refused", async () => {
    const missing = await call("watch_files", { session_id: id, path: "/tmp/not-here" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/^not_found/);
    const tooLong = await call("watch_files", { session_id: id, wait_ms: 30_001 });
    expect(tooLong.isError).toBe(true);
  });
});

describe("snapshot_workspace, diff_workspace, restore_workspace", () => {
  test("snapshot, change, diff; restore is refused while attached and works after", async () => {
    const ws = freshWorkspaceId("mcp");
    const first = await createSession(ws);
    await call("write_file", { session_id: first, path: "a.txt", content: "one\n" });
    const taken = structuredOf(await call("snapshot_workspace", { workspace_id: ws, name: "s1" }));
    expect(taken.snapshot).toMatchObject({ workspace_id: ws, name: "s1", files: 1, size_bytes: 4 });
    expect(taken.snapshots).toEqual(["s1"]);

    await call("write_file", { session_id: first, path: "a.txt", content: "two, longer\n" });
    await call("write_file", { session_id: first, path: "b.txt", content: "new\n" });
    const diff = await call("diff_workspace", { workspace_id: ws, snapshot: "s1" });
    const { changes, truncated } = structuredOf(diff) as {
      changes: { change: string; path: string }[];
      truncated: boolean;
    };
    expect(truncated).toBe(false);
    expect(changes.map((c) => [c.change, c.path])).toEqual([
      ["changed", "/a.txt"],
      ["added", "/b.txt"],
    ]);
    expect(textOf(diff)).toContain("M /a.txt  (file 4 -> file 12)");
    expect(textOf(diff)).toContain("A /b.txt  (file 4)");

    const refused = await call("restore_workspace", { workspace_id: ws, snapshot: "s1" });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^failed_precondition/);

    await destroy(first);
    const restored = await call("restore_workspace", { workspace_id: ws, snapshot: "s1" });
    expect(structuredOf(restored).snapshot).toMatchObject({ name: "s1" });
    const second = await createSession(ws);
    try {
      const read = structuredOf(await call("read_file", { session_id: second, path: "a.txt" }));
      expect(read.content).toBe("one\n");
      const listed = await call("exec", { session_id: second, command: "ls /workspace" });
      expect(structuredOf(listed).output).toBe("a.txt\n");
      const none = await call("diff_workspace", { workspace_id: ws, snapshot: "s1" });
      expect(structuredOf(none).changes).toEqual([]);
      expect(textOf(none)).toBe("No changes.");
    } finally {
      await destroy(second);
    }
  });

  test("an unknown snapshot and a diff of a tree with itself are tool errors", async () => {
    const ws = freshWorkspaceId("mcp");
    const id = await createSession(ws);
    await destroy(id);
    const unknown = await call("restore_workspace", { workspace_id: ws, snapshot: "nope" });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^not_found/);
    const same = await call("diff_workspace", { workspace_id: ws });
    expect(same.isError).toBe(true);
    expect(textOf(same)).toMatch(/^invalid_argument/);
  });
});
