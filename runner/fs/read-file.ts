import { closeSync, readSync } from "node:fs";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ReadFileRequest, ReadFileResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { shown } from "./byte-paths.js";
import { toConnectError } from "./errors.js";
import { openReadable } from "./open-readable.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";

// Files that report size 0 (e.g. in /proc) still have content.
const UNKNOWN_SIZE_GUESS = 64 * 1024;

export function readFile(
  o: ResolvedFsServiceOptions,
  req: ReadFileRequest,
): MessageInitShape<typeof ReadFileResponseSchema> {
  const path = resolvePath(o.workspaceDir, req);
  const requested = req.maxBytes === 0n ? o.maxReadBytes : Number(req.maxBytes);
  const limit = Math.min(requested, o.maxReadBytes);
  const { fd, stats } = openReadable(path);
  try {
    const sizeHint = stats.size > 0 ? stats.size + 1 : UNKNOWN_SIZE_GUESS;
    const { content, truncated } = readUpTo(fd, limit, sizeHint);
    return {
      path: shown(path),
      content,
      truncated,
      size: BigInt(Math.max(stats.size, content.length)),
    };
  } catch (err) {
    throw toConnectError(err, path);
  } finally {
    closeSync(fd);
  }
}

function readUpTo(fd: number, limit: number, sizeHint: number) {
  let buf = Buffer.allocUnsafe(Math.min(limit, sizeHint));
  let length = 0;
  while (length < limit) {
    if (length === buf.length) {
      const grown = Buffer.allocUnsafe(Math.min(limit, buf.length * 2));
      buf.copy(grown, 0, 0, length);
      buf = grown;
    }
    const n = readSync(fd, buf, length, buf.length - length, null);
    if (n === 0) {
      return { content: buf.subarray(0, length), truncated: false };
    }
    length += n;
  }
  const more = readSync(fd, Buffer.allocUnsafe(1), 0, 1, null);
  return { content: buf.subarray(0, length), truncated: more > 0 };
}
