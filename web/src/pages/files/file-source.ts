import type { FileInfo } from "../../../../gen/sandkasten/v1/fs_pb.js";

/** Where a file browser's files live: a session's /workspace, or a workspace without a session. */
export interface FileSource {
  /** The folder the browser starts in and cannot leave. */
  root: string;
  /** How the root reads in the breadcrumbs. */
  rootLabel: string;
  list(path: string): Promise<{ entries: FileInfo[]; truncated: boolean }>;
  read(
    path: string,
    maxBytes: number,
  ): Promise<{ content: Uint8Array; truncated: boolean; size: bigint }>;
  download(path: string, signal: AbortSignal): AsyncIterable<Uint8Array>;
  remove(path: string, recursive: boolean): Promise<void>;
  makeDir(path: string): Promise<void>;
  /** Absent where uploads are not offered. */
  upload?(path: string, data: Uint8Array, onProgress: (fraction: number) => void): Promise<void>;
}

export function joinPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, "")}/${name}`;
}

export function parentOf(path: string, root: string): string {
  const parent = path.replace(/\/[^/]+\/?$/, "");
  return parent.length < root.length ? root : parent || "/";
}
