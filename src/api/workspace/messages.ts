import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type FileInfo, FileInfoSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import { type Workspace, WorkspaceSchema } from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { WsfsFileInfo } from "../../workspaces/workspace-files.js";
import type { WorkspaceInfo } from "../../workspaces/workspace-manager.js";

export function toWorkspaceMessage(w: WorkspaceInfo): Workspace {
  return create(WorkspaceSchema, {
    id: w.id,
    driver: w.driver,
    createdAt: timestampFromMs(w.createdAt),
    lastUsedAt: timestampFromMs(w.lastUsedAt),
    sizeBytes: BigInt(w.sizeBytes),
    sessionIds: w.sessionIds,
    quotaBytes: BigInt(w.quotaBytes),
    overQuota: w.overQuota,
    status: w.status,
    tenant: w.tenant,
  });
}

/**
 * A listed file as FileInfo. A name that is not UTF-8 comes from wsfs as
 * bytes; its text form is made here as the runner makes it (U+FFFD for
 * what does not decode), so both APIs show the same.
 */
export function toFileInfo(f: WsfsFileInfo): FileInfo {
  const ns = BigInt(Math.trunc(f.modified_at_ns));
  const nameBytes = bytesOf(f.name_bytes);
  const pathBytes = bytesOf(f.path_bytes);
  return create(FileInfoSchema, {
    name: nameBytes.length > 0 ? nameBytes.toString("utf8") : f.name,
    path: pathBytes.length > 0 ? pathBytes.toString("utf8") : f.path,
    nameBytes,
    pathBytes,
    isDir: f.is_dir,
    isSymlink: f.is_symlink,
    size: BigInt(f.size),
    mode: f.mode,
    modifiedAt: { seconds: ns / 1_000_000_000n, nanos: Number(ns % 1_000_000_000n) },
  });
}

function bytesOf(base64: string | undefined): Buffer {
  return Buffer.from(base64 ?? "", "base64");
}

/** Bytes of a stream of messages that carry `data`. */
export async function* dataOf(
  messages: AsyncIterable<{ data: Uint8Array }>,
): AsyncGenerator<Uint8Array> {
  for await (const m of messages) if (m.data.length > 0) yield m.data;
}
