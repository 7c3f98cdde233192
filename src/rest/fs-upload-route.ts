import type { Readable } from "node:stream";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { UploadRequestSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import type { RestContext } from "./context.js";
import type { PathFields } from "./fs-path.js";
import { receiveMultipartUpload } from "./multipart-upload.js";
import { sendJson } from "./respond.js";

const MAX_UPLOAD_MESSAGE_BYTES = 1024 * 1024;

export async function fsUpload(ctx: RestContext): Promise<void> {
  // Cancels the upload in progress when another part of the request fails.
  const failed = new AbortController();
  const callOptions = {
    ...ctx.callOptions,
    signal: AbortSignal.any([ctx.signal, failed.signal]),
  };
  try {
    const paths = await receiveMultipartUpload(
      { req: ctx.req, maxBytes: ctx.maxUploadBytes, defaultDirectory: "/workspace" },
      async (path, file) => {
        const uploaded = await ctx.clients.fs.upload(
          uploadMessages(ctx.params.id, uploadPath(path), file),
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

// Pulls the file only as fast as the upload call takes messages, so that the
// request is read no faster than the file is stored.
async function* uploadMessages(
  sessionId: string,
  path: PathFields,
  file: Readable & { truncated?: boolean },
): AsyncGenerator<MessageInitShape<typeof UploadRequestSchema>> {
  yield { sessionId, ...path };
  for await (const chunk of file as AsyncIterable<Buffer>) {
    for (let offset = 0; offset < chunk.length; offset += MAX_UPLOAD_MESSAGE_BYTES) {
      yield { data: chunk.subarray(offset, offset + MAX_UPLOAD_MESSAGE_BYTES) };
    }
  }
  // A file cut at the size limit must not be stored.
  if (file.truncated) throw new Error("upload exceeded the size limit");
}

/** A stored file's path as FsService and WorkspaceService take it. */
export function uploadPath(path: string | Buffer): PathFields {
  return typeof path === "string"
    ? { path, pathBytes: new Uint8Array() }
    : { path: "", pathBytes: path };
}
