import { optionalBoolean, optionalUint32 } from "./body-fields.js";
import type { RestContext } from "./context.js";
import { fileInfoToJson, readAnswerToJson } from "./file-info-json.js";
import { type FileTarget, reachTarget } from "./file-target.js";
import { bodyPath, queryPath } from "./fs-path.js";
import { optionalQueryBoolean, optionalQueryUint64 } from "./query-params.js";
import { sendJson } from "./respond.js";
import { textOrBase64 } from "./text-or-base64.js";

// The JSON file routes of file-routes.ts, on either kind of target.

export async function listDir(target: FileTarget, ctx: RestContext): Promise<void> {
  const { rpcs, id } = reachTarget(target, ctx);
  const listing = await rpcs.listDir({ ...id, ...queryPath(ctx.query, false) }, ctx.callOptions);
  sendJson(ctx.res, 200, {
    path: listing.path,
    entries: listing.entries.map(fileInfoToJson),
    truncated: listing.truncated,
  });
}

export async function stat(target: FileTarget, ctx: RestContext): Promise<void> {
  const { rpcs, id } = reachTarget(target, ctx);
  const path = queryPath(ctx.query, target.statNeedsPath);
  const { info } = await rpcs.stat({ ...id, ...path }, ctx.callOptions);
  if (info === undefined) throw new Error(`${target.kind} stat answered without file info`);
  sendJson(ctx.res, 200, fileInfoToJson(info));
}

export async function readFile(target: FileTarget, ctx: RestContext): Promise<void> {
  const { rpcs, id } = reachTarget(target, ctx);
  const path = queryPath(ctx.query);
  const maxBytes = optionalQueryUint64(ctx.query, "max_bytes") ?? 0n;
  const file = await rpcs.readFile({ ...id, ...path, maxBytes }, ctx.callOptions);
  sendJson(ctx.res, 200, readAnswerToJson(file, path.path));
}

export async function writeFile(target: FileTarget, ctx: RestContext): Promise<void> {
  const { rpcs, id } = reachTarget(target, ctx);
  const body = await ctx.body();
  const request = {
    ...id,
    ...bodyPath(body),
    content: textOrBase64(body, "content_base64"),
    // 0, the default, where the route does not take `mode`.
    mode: optionalUint32(body, "mode") ?? 0,
  };
  await rpcs.writeFile(request, ctx.callOptions);
  sendJson(ctx.res, 200, { ok: true });
}

export async function makeDir(target: FileTarget, ctx: RestContext): Promise<void> {
  const { rpcs, id } = reachTarget(target, ctx);
  const body = await ctx.body();
  const path = bodyPath(body);
  const parents = optionalBoolean(body, "parents") ?? false;
  const made = await rpcs.makeDir({ ...id, ...path, parents }, ctx.callOptions);
  sendJson(ctx.res, 200, { ok: true, path: made.path });
}

export async function remove(target: FileTarget, ctx: RestContext): Promise<void> {
  const { rpcs, id } = reachTarget(target, ctx);
  const path = queryPath(ctx.query);
  const recursive = optionalQueryBoolean(ctx.query, "recursive") ?? false;
  await rpcs.remove({ ...id, ...path, recursive }, ctx.callOptions);
  sendJson(ctx.res, 200, { ok: true });
}
