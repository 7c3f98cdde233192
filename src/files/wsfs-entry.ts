import type { WsfsFileInfo } from "../workspaces/workspace-files.js";
import type { FileEntry } from "./file-backend.js";

/**
 * A file as wsfs describes it. A name that is not UTF-8 comes from wsfs as
 * bytes; its text form is made here as the runner makes it (U+FFFD for
 * what does not decode), so sessions and workspaces show the same.
 */
export function wsfsEntry(f: WsfsFileInfo): FileEntry {
  const ns = BigInt(Math.trunc(f.modified_at_ns));
  const nameBytes = bytesOf(f.name_bytes);
  const pathBytes = bytesOf(f.path_bytes);
  return {
    name: nameBytes.length > 0 ? nameBytes.toString("utf8") : f.name,
    path: pathBytes.length > 0 ? pathBytes.toString("utf8") : f.path,
    nameBytes,
    pathBytes,
    isDir: f.is_dir,
    isSymlink: f.is_symlink,
    size: BigInt(f.size),
    mode: f.mode,
    modifiedAt: { seconds: ns / 1_000_000_000n, nanos: Number(ns % 1_000_000_000n) },
  };
}

function bytesOf(base64: string | undefined): Buffer {
  return Buffer.from(base64 ?? "", "base64");
}
