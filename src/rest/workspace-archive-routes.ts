import type { Readable } from "node:stream";
import type { RestContext } from "./context.js";
import { dataMessages } from "./data-messages.js";
import { HttpError } from "./http-error.js";
import { sendJson } from "./respond.js";
import { sendDataStream } from "./send-data-stream.js";

/** The workspace as a tar archive (application/x-tar). */
export function workspaceArchiveExport(ctx: RestContext): Promise<void> {
  const exported = ctx.clients.workspaces.exportWorkspace(
    { workspaceId: ctx.params.id },
    ctx.callOptions,
  );
  return sendDataStream(ctx, exported, {
    contentType: "application/x-tar",
    filename: `${ctx.params.id}.tar`,
    what: "archive export",
    from: { workspace: ctx.params.id },
  });
}

/** Restores a tar archive sent as the request body (application/x-tar). */
export async function workspaceArchiveImport(ctx: RestContext): Promise<void> {
  const body = ctx.req as Readable;
  // An archive announced past the limit is refused before it is read (as
  // JSON bodies and uploads are), not after the limit's worth has arrived.
  if (Number(ctx.req.headers["content-length"]) > ctx.maxUploadBytes) {
    throw new HttpError(413, `the archive is larger than ${ctx.maxUploadBytes} bytes`);
  }
  const r = await ctx.clients.workspaces
    .importWorkspace(
      dataMessages({ workspaceId: ctx.params.id }, limited(body, ctx.maxUploadBytes)),
      ctx.callOptions,
    )
    .catch((err: unknown) => {
      // The archive may still be arriving: discard the rest, so that the
      // answer reaches the client and the connection can be used again.
      body.resume();
      throw err;
    });
  sendJson(ctx.res, 200, {
    ok: true,
    files: Number(r.files),
    dirs: Number(r.dirs),
    symlinks: Number(r.symlinks),
    bytes: Number(r.bytes),
  });
}

async function* limited(body: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  let total = 0;
  // Stopping early must not destroy the request: its answer is still to come.
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new HttpError(413, `the archive is larger than ${maxBytes} bytes`);
    yield chunk;
  }
}
