import type { FileInfo } from "../../gen/sandkasten/v1/fs_pb.js";
import { timestampToJson } from "./timestamp-json.js";

export function fileInfoToJson(info: FileInfo): Record<string, unknown> {
  return {
    name: info.name,
    path: info.path,
    is_dir: info.isDir,
    is_symlink: info.isSymlink,
    size: Number(info.size),
    mode: info.mode,
    modified_at: timestampToJson(info.modifiedAt),
  };
}
