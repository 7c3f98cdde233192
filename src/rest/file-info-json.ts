import type { FileInfo } from "../../gen/sandkasten/v1/fs_pb.js";
import { timestampToJson } from "./timestamp-json.js";

/**
 * A FileInfo as JSON. A name that is not valid UTF-8 reads with U+FFFD in
 * `name` and `path`, and comes exactly in `name_base64` and `path_base64`
 * (only then present); send `path_base64` back to reach the file.
 */
export function fileInfoToJson(info: FileInfo): Record<string, unknown> {
  return {
    name: info.name,
    path: info.path,
    ...(info.nameBytes.length > 0 ? { name_base64: base64(info.nameBytes) } : {}),
    ...(info.pathBytes.length > 0 ? { path_base64: base64(info.pathBytes) } : {}),
    is_dir: info.isDir,
    is_symlink: info.isSymlink,
    size: Number(info.size),
    mode: info.mode,
    modified_at: timestampToJson(info.modifiedAt),
  };
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** The answer of fs/read: `text` beside `content_base64` when the bytes are UTF-8. */
export function readAnswerToJson(
  file: { path: string; content: Uint8Array; truncated: boolean; size: bigint; isUtf8: boolean },
  path: string,
): Record<string, unknown> {
  const content = Buffer.from(file.content);
  return {
    path: file.path === "" ? path : file.path,
    content_base64: content.toString("base64"),
    ...(file.isUtf8 ? { text: content.toString("utf8") } : {}),
    truncated: file.truncated,
    size: Number(file.size),
  };
}
