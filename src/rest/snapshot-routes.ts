import { optionalBoolean, optionalString } from "./body-fields.js";
import type { RestContext, RestRoute } from "./context.js";
import { optionalQueryUint64, queryString } from "./query-params.js";
import { sendJson } from "./respond.js";
import { diffEntryToJson, snapshotToJson } from "./snapshot-json.js";
import { workspaceToJson } from "./workspace-json.js";

// SnapshotService over REST: a workspace's snapshots, restore, fork and diff.
export const snapshotRoutes: readonly RestRoute[] = [
  { method: "POST", path: "/v1/workspaces/:id/snapshots", body: ["name"], handle: take },
  { method: "GET", path: "/v1/workspaces/:id/snapshots", handle: list },
  { method: "DELETE", path: "/v1/workspaces/:id/snapshots/:name", handle: remove },
  { method: "POST", path: "/v1/workspaces/:id/restore", body: ["snapshot"], handle: restore },
  {
    method: "POST",
    path: "/v1/workspaces/:id/fork",
    body: ["new_workspace_id", "snapshot", "replace"],
    handle: fork,
  },
  {
    method: "GET",
    path: "/v1/workspaces/:id/diff",
    query: ["against", "snapshot", "max_entries"],
    handle: diff,
  },
];

async function take(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const { snapshot } = await ctx.clients.snapshots.snapshotWorkspace(
    { workspaceId: ctx.params.id, name: optionalString(body, "name") ?? "" },
    ctx.callOptions,
  );
  if (snapshot === undefined) throw new Error("SnapshotWorkspace answered without a snapshot");
  sendJson(ctx.res, 200, snapshotToJson(snapshot));
}

async function list(ctx: RestContext): Promise<void> {
  const { snapshots } = await ctx.clients.snapshots.listSnapshots(
    { workspaceId: ctx.params.id },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { snapshots: snapshots.map(snapshotToJson) });
}

async function remove(ctx: RestContext): Promise<void> {
  await ctx.clients.snapshots.deleteSnapshot(
    { workspaceId: ctx.params.id, name: ctx.params.name },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true });
}

async function restore(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const { snapshot } = await ctx.clients.snapshots.restoreWorkspace(
    { workspaceId: ctx.params.id, snapshot: optionalString(body, "snapshot") ?? "" },
    ctx.callOptions,
  );
  if (snapshot === undefined) throw new Error("RestoreWorkspace answered without a snapshot");
  sendJson(ctx.res, 200, { ok: true, snapshot: snapshotToJson(snapshot) });
}

async function fork(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const { workspace } = await ctx.clients.snapshots.forkWorkspace(
    {
      workspaceId: ctx.params.id,
      newWorkspaceId: optionalString(body, "new_workspace_id") ?? "",
      snapshot: optionalString(body, "snapshot") ?? "",
      replace: optionalBoolean(body, "replace") ?? false,
    },
    ctx.callOptions,
  );
  if (workspace === undefined) throw new Error("ForkWorkspace answered without a workspace");
  sendJson(ctx.res, 200, workspaceToJson(workspace));
}

// The changes in {id} as it is now since `snapshot` (one of {id}'s, or of
// `against`'s when given), or since the workspace `against`.
async function diff(ctx: RestContext): Promise<void> {
  const max = optionalQueryUint64(ctx.query, "max_entries") ?? 0n;
  const answer = await ctx.clients.snapshots.diffWorkspace(
    {
      workspaceId: ctx.params.id,
      baseWorkspaceId: queryString(ctx.query, "against"),
      baseSnapshot: queryString(ctx.query, "snapshot"),
      maxEntries: max > 0xffff_ffffn ? 0xffff_ffff : Number(max),
    },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, {
    changes: answer.changes.map(diffEntryToJson),
    truncated: answer.truncated,
  });
}
