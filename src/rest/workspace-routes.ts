import type { RestContext, RestRoute } from "./context.js";
import { fileRoutes } from "./file-routes.js";
import { workspaceFiles } from "./file-targets.js";
import { optionalQueryBoolean } from "./query-params.js";
import { sendJson } from "./respond.js";
import { workspaceArchiveExport, workspaceArchiveImport } from "./workspace-archive-routes.js";
import { workspaceToJson } from "./workspace-json.js";

export const workspaceRoutes: readonly RestRoute[] = [
  { method: "GET", path: "/v1/workspaces", handle: list },
  { method: "GET", path: "/v1/workspaces/:id", handle: get },
  { method: "DELETE", path: "/v1/workspaces/:id", query: ["force"], handle: remove },
  ...fileRoutes(workspaceFiles),
  { method: "GET", path: "/v1/workspaces/:id/archive", handle: workspaceArchiveExport },
  { method: "POST", path: "/v1/workspaces/:id/archive", handle: workspaceArchiveImport },
];

async function list(ctx: RestContext): Promise<void> {
  const { workspaces } = await ctx.clients.workspaces.listWorkspaces({}, ctx.callOptions);
  sendJson(ctx.res, 200, { workspaces: workspaces.map(workspaceToJson) });
}

async function get(ctx: RestContext): Promise<void> {
  const { workspace } = await ctx.clients.workspaces.getWorkspace(
    { id: ctx.params.id },
    ctx.callOptions,
  );
  if (workspace === undefined) throw new Error("GetWorkspace answered without a workspace");
  sendJson(ctx.res, 200, workspaceToJson(workspace));
}

async function remove(ctx: RestContext): Promise<void> {
  const force = optionalQueryBoolean(ctx.query, "force") ?? false;
  await ctx.clients.workspaces.deleteWorkspace({ id: ctx.params.id, force }, ctx.callOptions);
  sendJson(ctx.res, 200, { ok: true });
}
