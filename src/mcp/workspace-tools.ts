import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod";
import { DiffChange, type DiffEntry } from "../../gen/sandkasten/v1/snapshot_pb.js";
import { diffEntryToJson, snapshotToJson } from "../rest/snapshot-json.js";
import { callOptionsFor, type SandboxApi } from "./clients.js";
import { sessionId } from "./schemas.js";
import { guarded, toolResult } from "./tool-result.js";
import { type CollectedEvent, collectWatchEvents } from "./watch-events.js";

const MAX_WAIT_MS = 30_000;
const MAX_EVENTS = 10_000;
const MAX_DIFF_ENTRIES = 10_000;

const NAME = /^[a-z0-9_-][a-z0-9._-]{0,62}$/;
const NAME_RULE = "1-63 lowercase letters, digits, '-', '_' or '.', not starting with '.'";

const workspaceId = z
  .string()
  .regex(NAME, `a workspace id is ${NAME_RULE}`)
  .describe("The persistent workspace's id (create_session's workspace_id)");

const snapshotName = z.string().regex(NAME, `a snapshot name is ${NAME_RULE}`);

const snapshot = z.looseObject({}).describe("The snapshot, as the REST API shows it");

/** Tools for file watch, and for a workspace's snapshots, restore and diff. */
export function registerWorkspaceTools(server: McpServer, api: SandboxApi): void {
  server.registerTool(
    "watch_files",
    {
      title: "Watch files for changes",
      description:
        "Collects the file events (created, modified, deleted, renamed; overflow when some were dropped) under a path " +
        `in the session for wait_ms (at most ${MAX_WAIT_MS}) from the moment the watch is in place, then returns them. ` +
        "Changes made before or after the call are not seen: use it while a background job or server works.",
      inputSchema: {
        session_id: sessionId,
        path: z
          .string()
          .max(4096)
          .refine((p) => !p.includes("\0"), "a path must not contain NUL")
          .default("")
          .describe("A directory or file; relative paths start at /workspace (default /workspace)"),
        recursive: z.boolean().default(true).describe("Watch the directories below it too"),
        wait_ms: z
          .number()
          .int()
          .min(0)
          .max(MAX_WAIT_MS)
          .default(5000)
          .describe("How long to collect events"),
        max_events: z
          .number()
          .int()
          .min(1)
          .max(MAX_EVENTS)
          .default(1000)
          .describe("Answer early once this many events came"),
      },
      outputSchema: {
        events: z.array(z.looseObject({})),
        truncated: z.boolean(),
        ended: z.boolean(),
      },
      annotations: { readOnlyHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        const r = await collectWatchEvents(
          api,
          { sessionId: input.session_id, path: input.path, recursive: input.recursive },
          { waitMs: input.wait_ms, maxEvents: input.max_events, signal: extra.signal },
        );
        const lines = r.events.map(eventLine);
        if (r.truncated) lines.push(`[stopped at ${input.max_events} events]`);
        if (r.ended) lines.push("[the watch ended: the path is gone or the session ended]");
        const text = r.events.length === 0 ? `No changes in ${input.wait_ms} ms.` : "";
        return toolResult([text, ...lines].filter((l) => l !== "").join("\n"), { ...r });
      }),
  );

  server.registerTool(
    "snapshot_workspace",
    {
      title: "Snapshot a workspace",
      description:
        "Saves a named, read-only copy of a persistent workspace as it is now (restore_workspace brings it back, " +
        "diff_workspace lists what changed since). Allowed while a session uses it; run no command meanwhile for a consistent copy.",
      inputSchema: {
        workspace_id: workspaceId,
        name: snapshotName.describe("A name for the snapshot, e.g. before-refactor"),
      },
      outputSchema: { snapshot, snapshots: z.array(z.string()) },
    },
    (input, extra) =>
      guarded(async () => {
        const calls = callOptionsFor(api, extra.signal);
        const taken = await api.snapshots.snapshotWorkspace(
          { workspaceId: input.workspace_id, name: input.name },
          calls,
        );
        if (taken.snapshot === undefined) throw new Error("the daemon answered without a snapshot");
        const { snapshots } = await api.snapshots.listSnapshots(
          { workspaceId: input.workspace_id },
          calls,
        );
        const s = taken.snapshot;
        const names = snapshots.map((one) => one.name);
        return toolResult(
          `Snapshot ${s.name} of ${s.workspaceId}: ${s.files} files, ${s.dirs} directories, ${s.sizeBytes} bytes. ` +
            `Snapshots of this workspace: ${names.join(", ")}.`,
          { snapshot: snapshotToJson(s), snapshots: names },
        );
      }),
  );

  server.registerTool(
    "restore_workspace",
    {
      title: "Restore a workspace from a snapshot",
      description:
        "Replaces everything in a persistent workspace with one of its snapshots. Refused while a session has the " +
        "workspace attached: destroy that session first, then create a new one with the workspace.",
      inputSchema: {
        workspace_id: workspaceId,
        snapshot: snapshotName.describe("The snapshot's name, as snapshot_workspace took it"),
      },
      outputSchema: { snapshot },
      annotations: { destructiveHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        const r = await api.snapshots.restoreWorkspace(
          { workspaceId: input.workspace_id, snapshot: input.snapshot },
          callOptionsFor(api, extra.signal),
        );
        if (r.snapshot === undefined) throw new Error("the daemon answered without a snapshot");
        return toolResult(`Restored ${input.workspace_id} from snapshot ${input.snapshot}.`, {
          snapshot: snapshotToJson(r.snapshot),
        });
      }),
  );

  server.registerTool(
    "diff_workspace",
    {
      title: "Diff a workspace",
      description:
        "Lists the paths added, removed or changed in a persistent workspace as it is now, compared with one of its " +
        "snapshots (snapshot), another workspace (against), or that workspace's snapshot (both).",
      inputSchema: {
        workspace_id: workspaceId,
        snapshot: snapshotName
          .optional()
          .describe("Compare with this snapshot (of workspace_id, or of against)"),
        against: workspaceId.optional().describe("Compare with this other workspace"),
        max_entries: z
          .number()
          .int()
          .min(1)
          .max(MAX_DIFF_ENTRIES)
          .default(1000)
          .describe("List at most this many paths"),
      },
      outputSchema: { changes: z.array(z.looseObject({})), truncated: z.boolean() },
      annotations: { readOnlyHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        const r = await api.snapshots.diffWorkspace(
          {
            workspaceId: input.workspace_id,
            baseSnapshot: input.snapshot ?? "",
            baseWorkspaceId: input.against ?? "",
            maxEntries: input.max_entries,
          },
          callOptionsFor(api, extra.signal),
        );
        const lines = r.changes.map(diffLine);
        if (r.truncated) lines.push(`[more changes past ${input.max_entries}]`);
        return toolResult(lines.length > 0 ? lines.join("\n") : "No changes.", {
          changes: r.changes.map(diffEntryToJson),
          truncated: r.truncated,
        });
      }),
  );
}

function eventLine(e: CollectedEvent): string {
  if (e.kind === "overflow") return "overflow: some events were dropped; look at the tree again";
  const dir = e.is_dir ? " (dir)" : "";
  return e.kind === "renamed"
    ? `renamed ${e.old_path} -> ${e.path}${dir}`
    : `${e.kind} ${e.path}${dir}`;
}

const SIGNS: Record<DiffChange, string> = {
  [DiffChange.UNSPECIFIED]: "?",
  [DiffChange.ADDED]: "A",
  [DiffChange.REMOVED]: "D",
  [DiffChange.CHANGED]: "M",
};

function diffLine(e: DiffEntry): string {
  const sizes = [e.before, e.after]
    .filter((s) => s !== undefined)
    .map((s) => `${s.kind} ${s.size}`)
    .join(" -> ");
  return `${SIGNS[e.change]} ${e.path}  (${sizes})`;
}
