import { closeSync, readSync } from "node:fs";
import { setImmediate } from "node:timers/promises";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { DownloadRequest, DownloadResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { toConnectError } from "./errors.js";
import { openReadable } from "./open-readable.js";
import { CHUNK_BYTES, type ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";

export async function* download(
  o: ResolvedFsServiceOptions,
  req: DownloadRequest,
  ctx: HandlerContext,
): AsyncGenerator<MessageInitShape<typeof DownloadResponseSchema>> {
  const path = resolvePath(o.workspaceDir, req);
  const { fd } = openReadable(path);
  let open = true;
  // When the client goes away, this generator can stay suspended at `yield`
  // forever without `finally` running, so the abort closes the file itself.
  const close = () => {
    if (open) {
      open = false;
      closeSync(fd);
    }
  };
  ctx.signal.addEventListener("abort", close, { once: true });
  try {
    while (open && !ctx.signal.aborted) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      } catch (err) {
        throw toConnectError(err, path);
      }
      if (n === 0) {
        return;
      }
      yield { data: chunk.subarray(0, n) };
      await setImmediate();
    }
  } finally {
    ctx.signal.removeEventListener("abort", close);
    close();
  }
}
