import type { Readable } from "node:stream";
import type { RestContext } from "./context.js";
import { lastName, queryPath } from "./fs-path.js";
import { uploadPath } from "./fs-upload-route.js";
import { HttpError } from "./http-error.js";
import { receiveMultipartUpload } from "./multipart-upload.js";
import { sendJson } from "./respond.js";
import { writeWithBackpressure } from "./write-stream.js";

const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Multipart upload into a workspace; `path` names a directory relative to its root. */
export async function workspaceUpload(ctx: RestContext): Promise<void> {
  const failed = new AbortController();
  const callOptions = { ...ctx.callOptions, signal: AbortSignal.any([ctx.signal, failed.signal]) };
  try {
    const paths = await receiveMultipartUpload(
      { req: ctx.req, maxBytes: ctx.maxUploadBytes, defaultDirectory: "/" },
      async (path, file) => {
        const uploaded = await ctx.clients.workspaces.uploadWorkspaceFile(
          messages({ workspaceId: ctx.params.id, ...uploadPath(path) }, file),
          callOptions,
        );
        return uploaded.path;
      },
    );
    sendJson(ctx.res, 200, { ok: true, paths });
  } catch (err) {
    failed.abort();
    throw err;
  }
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
      messages({ workspaceId: ctx.params.id }, limited(body, ctx.maxUploadBytes)),
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

export function workspaceDownload(ctx: RestContext): Promise<void> {
  const path = queryPath(ctx.query);
  const name = lastName(path) || "download";
  return streamOut(
    ctx,
    ctx.clients.workspaces.downloadWorkspaceFile(
      { workspaceId: ctx.params.id, ...path },
      ctx.callOptions,
    ),
    "application/octet-stream",
    name,
  );
}

export function workspaceArchiveExport(ctx: RestContext): Promise<void> {
  return streamOut(
    ctx,
    ctx.clients.workspaces.exportWorkspace({ workspaceId: ctx.params.id }, ctx.callOptions),
    "application/x-tar",
    `${ctx.params.id}.tar`,
  );
}

/**
 * Sends a stream of data messages as the body, at the client's pace. The
 * first message decides between a JSON error status and a 200.
 */
async function streamOut(
  ctx: RestContext,
  stream: AsyncIterable<{ data: Uint8Array }>,
  contentType: string,
  filename: string,
): Promise<void> {
  const chunks = stream[Symbol.asyncIterator]();
  try {
    let next = await chunks.next();
    ctx.res.writeHead(200, {
      "content-type": contentType,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
    try {
      for (; !next.done; next = await chunks.next()) {
        const { data } = next.value;
        if (data.length > 0 && !(await writeWithBackpressure(ctx.res, data, ctx.signal))) return;
      }
    } catch (err) {
      if (ctx.signal.aborted) return;
      ctx.log("workspace transfer failed after it started", {
        workspace: ctx.params.id,
        error: String(err),
      });
      ctx.res.destroy();
      return;
    }
    ctx.res.end();
  } finally {
    chunks.return?.()?.catch(() => {});
  }
}

async function* messages<H extends object>(
  head: H,
  body: AsyncIterable<Buffer>,
): AsyncGenerator<H | { data: Uint8Array }> {
  yield head;
  for await (const chunk of body) {
    for (let offset = 0; offset < chunk.length; offset += MAX_MESSAGE_BYTES) {
      yield { data: chunk.subarray(offset, offset + MAX_MESSAGE_BYTES) };
    }
  }
  if ((body as { truncated?: boolean }).truncated)
    throw new HttpError(413, "upload exceeded the size limit");
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
