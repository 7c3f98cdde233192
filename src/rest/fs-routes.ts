import { decodeBase64 } from "./base64.js";
import { optionalBoolean, optionalString } from "./body-fields.js";
import type { RestContext, RestRoute } from "./context.js";
import { fileInfoToJson, readAnswerToJson } from "./file-info-json.js";
import { fsDownload } from "./fs-download-route.js";
import { bodyPath, queryPath } from "./fs-path.js";
import { fsUpload } from "./fs-upload-route.js";
import { HttpError } from "./http-error.js";
import type { JsonObject } from "./json-body.js";
import { optionalQueryBoolean, optionalQueryUint64 } from "./query-params.js";
import { sendJson } from "./respond.js";

// Paths go to FsService unchanged; it resolves them inside the session.
// Each route takes `path` or `path_base64` (the bytes of a name that is
// not UTF-8); see fs-path.ts.
export const fsRoutes: readonly RestRoute[] = [
  {
    method: "GET",
    path: "/v1/sessions/:id/fs",
    query: ["path", "path_base64"],
    handle: listDir,
  },
  {
    method: "DELETE",
    path: "/v1/sessions/:id/fs",
    query: ["path", "path_base64", "recursive"],
    handle: remove,
  },
  {
    method: "GET",
    path: "/v1/sessions/:id/fs/read",
    query: ["path", "path_base64", "max_bytes"],
    handle: readFile,
  },
  {
    method: "POST",
    path: "/v1/sessions/:id/fs/write",
    body: ["path", "path_base64", "text", "content_base64"],
    handle: writeFile,
  },
  {
    method: "GET",
    path: "/v1/sessions/:id/fs/stat",
    query: ["path", "path_base64"],
    handle: stat,
  },
  {
    method: "POST",
    path: "/v1/sessions/:id/fs/mkdir",
    body: ["path", "path_base64", "parents"],
    handle: makeDir,
  },
  {
    method: "GET",
    path: "/v1/sessions/:id/fs/download",
    query: ["path", "path_base64"],
    handle: fsDownload,
  },
  { method: "POST", path: "/v1/sessions/:id/fs/upload", handle: fsUpload },
];

async function readFile(ctx: RestContext): Promise<void> {
  const path = queryPath(ctx.query);
  const maxBytes = optionalQueryUint64(ctx.query, "max_bytes") ?? 0n;
  const file = await ctx.clients.fs.readFile(
    { sessionId: ctx.params.id, ...path, maxBytes },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, readAnswerToJson(file, path.path));
}

async function writeFile(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  await ctx.clients.fs.writeFile(
    { sessionId: ctx.params.id, ...bodyPath(body), content: content(body) },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true });
}

/** The file bytes of a write body: `text` or `content_base64`. */
export function content(body: JsonObject): Uint8Array {
  const text = optionalString(body, "text");
  const base64 = optionalString(body, "content_base64");
  if (text !== undefined && base64 !== undefined) {
    throw new HttpError(400, "give either text or content_base64, not both");
  }
  if (text !== undefined) return Buffer.from(text, "utf8");
  if (base64 !== undefined) return decodeBase64(base64, "content_base64");
  throw new HttpError(400, "text or content_base64 is required");
}

async function listDir(ctx: RestContext): Promise<void> {
  const listing = await ctx.clients.fs.listDir(
    { sessionId: ctx.params.id, ...queryPath(ctx.query, false) },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, {
    path: listing.path,
    entries: listing.entries.map(fileInfoToJson),
    truncated: listing.truncated,
  });
}

async function stat(ctx: RestContext): Promise<void> {
  const { info } = await ctx.clients.fs.stat(
    { sessionId: ctx.params.id, ...queryPath(ctx.query) },
    ctx.callOptions,
  );
  if (info === undefined) throw new Error("Stat answered without file info");
  sendJson(ctx.res, 200, fileInfoToJson(info));
}

async function makeDir(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const made = await ctx.clients.fs.makeDir(
    {
      sessionId: ctx.params.id,
      ...bodyPath(body),
      parents: optionalBoolean(body, "parents") ?? false,
    },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true, path: made.path });
}

async function remove(ctx: RestContext): Promise<void> {
  await ctx.clients.fs.remove(
    {
      sessionId: ctx.params.id,
      ...queryPath(ctx.query),
      recursive: optionalQueryBoolean(ctx.query, "recursive") ?? false,
    },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true });
}
