import { optionalBoolean, optionalUint32 } from "./body-fields.js";
import type { RestContext, RestRoute } from "./context.js";
import { fileInfoToJson, readAnswerToJson } from "./file-info-json.js";
import { bodyPath, queryPath } from "./fs-path.js";
import { content } from "./fs-routes.js";
import { optionalQueryBoolean, optionalQueryUint64 } from "./query-params.js";
import { sendJson } from "./respond.js";
import { workspaceToJson } from "./workspace-json.js";
import {
  workspaceArchiveExport,
  workspaceArchiveImport,
  workspaceDownload,
  workspaceUpload,
} from "./workspace-transfer-routes.js";

// Workspace paths are relative to the workspace root ("code.py", "/code.py"
// and "sub/x.txt" all stay inside); WorkspaceService confines them. Each
// file route takes `path` or `path_base64` (see fs-path.ts).
export const workspaceRoutes: readonly RestRoute[] = [
  { method: "GET", path: "/v1/workspaces", handle: list },
  { method: "GET", path: "/v1/workspaces/:id", handle: get },
  { method: "DELETE", path: "/v1/workspaces/:id", query: ["force"], handle: remove },
  {
    method: "GET",
    path: "/v1/workspaces/:id/fs",
    query: ["path", "path_base64"],
    handle: listDir,
  },
  {
    method: "DELETE",
    path: "/v1/workspaces/:id/fs",
    query: ["path", "path_base64", "recursive"],
    handle: removePath,
  },
  {
    method: "GET",
    path: "/v1/workspaces/:id/fs/read",
    query: ["path", "path_base64", "max_bytes"],
    handle: readFile,
  },
  {
    method: "POST",
    path: "/v1/workspaces/:id/fs/write",
    body: ["path", "path_base64", "text", "content_base64", "mode"],
    handle: writeFile,
  },
  {
    method: "GET",
    path: "/v1/workspaces/:id/fs/stat",
    query: ["path", "path_base64"],
    handle: stat,
  },
  {
    method: "POST",
    path: "/v1/workspaces/:id/fs/mkdir",
    body: ["path", "path_base64", "parents"],
    handle: makeDir,
  },
  {
    method: "GET",
    path: "/v1/workspaces/:id/fs/download",
    query: ["path", "path_base64"],
    handle: workspaceDownload,
  },
  { method: "POST", path: "/v1/workspaces/:id/fs/upload", handle: workspaceUpload },
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

async function listDir(ctx: RestContext): Promise<void> {
  const listing = await ctx.clients.workspaces.listWorkspaceDir(
    { workspaceId: ctx.params.id, ...queryPath(ctx.query, false) },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, {
    path: listing.path,
    entries: listing.entries.map(fileInfoToJson),
    truncated: listing.truncated,
  });
}

async function stat(ctx: RestContext): Promise<void> {
  const { info } = await ctx.clients.workspaces.statWorkspacePath(
    { workspaceId: ctx.params.id, ...queryPath(ctx.query, false) },
    ctx.callOptions,
  );
  if (info === undefined) throw new Error("StatWorkspacePath answered without file info");
  sendJson(ctx.res, 200, fileInfoToJson(info));
}

async function readFile(ctx: RestContext): Promise<void> {
  const path = queryPath(ctx.query);
  const file = await ctx.clients.workspaces.readWorkspaceFile(
    {
      workspaceId: ctx.params.id,
      ...path,
      maxBytes: optionalQueryUint64(ctx.query, "max_bytes") ?? 0n,
    },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, readAnswerToJson(file, path.path));
}

async function writeFile(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  await ctx.clients.workspaces.writeWorkspaceFile(
    {
      workspaceId: ctx.params.id,
      ...bodyPath(body),
      content: content(body),
      mode: optionalUint32(body, "mode") ?? 0,
    },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true });
}

async function makeDir(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const made = await ctx.clients.workspaces.makeWorkspaceDir(
    {
      workspaceId: ctx.params.id,
      ...bodyPath(body),
      parents: optionalBoolean(body, "parents") ?? false,
    },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true, path: made.path });
}

async function removePath(ctx: RestContext): Promise<void> {
  await ctx.clients.workspaces.removeWorkspacePath(
    {
      workspaceId: ctx.params.id,
      ...queryPath(ctx.query),
      recursive: optionalQueryBoolean(ctx.query, "recursive") ?? false,
    },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true });
}
