import type { RestContext } from "./context.js";
import { dataMessages } from "./data-messages.js";
import { type FileTarget, reachTarget } from "./file-target.js";
import type { PathFields } from "./fs-path.js";
import { receiveMultipartUpload } from "./multipart-upload.js";
import { sendJson } from "./respond.js";

export async function uploadFiles(target: FileTarget, ctx: RestContext): Promise<void> {
  const { rpcs, id } = reachTarget(target, ctx);
  // Cancels the upload in progress when another part of the request fails.
  const failed = new AbortController();
  const callOptions = {
    ...ctx.callOptions,
    signal: AbortSignal.any([ctx.signal, failed.signal]),
  };
  try {
    const paths = await receiveMultipartUpload(
      { req: ctx.req, maxBytes: ctx.maxUploadBytes, defaultDirectory: target.uploadDirectory },
      async (path, file) => {
        const messages = dataMessages({ ...id, ...uploadPath(path) }, file);
        const uploaded = await rpcs.upload(messages, callOptions);
        return uploaded.path;
      },
    );
    sendJson(ctx.res, 200, { ok: true, paths });
  } catch (err) {
    failed.abort();
    throw err;
  }
}

/** A stored file's path as the upload calls take it. */
function uploadPath(path: string | Buffer): PathFields {
  return typeof path === "string"
    ? { path, pathBytes: new Uint8Array() }
    : { path: "", pathBytes: path };
}
