import type { FileInfo } from "../../gen/sandkasten/v1/fs_pb.js";
import type { FileEntry, FilePath } from "./file-backend.js";

// Between the domain's terms and the fields of the runner's FsService.

/** A path as a runner request's path or path_bytes. */
export function pathFields(path: FilePath): { path: string; pathBytes: Uint8Array } {
  return typeof path === "string"
    ? { path, pathBytes: new Uint8Array() }
    : { path: "", pathBytes: path };
}

/** A FileInfo the runner sent (already checked against the contract). */
export function runnerEntry(info: FileInfo): FileEntry {
  const { modifiedAt } = info;
  return {
    name: info.name,
    path: info.path,
    nameBytes: info.nameBytes,
    pathBytes: info.pathBytes,
    isDir: info.isDir,
    isSymlink: info.isSymlink,
    size: info.size,
    mode: info.mode,
    modifiedAt: modifiedAt && { seconds: modifiedAt.seconds, nanos: modifiedAt.nanos },
  };
}
