import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  DiffChange,
  type DiffEntry,
  DiffEntrySchema,
  type DiffEntryState,
  DiffEntryStateSchema,
  type Snapshot,
  SnapshotSchema,
} from "../../../gen/sandkasten/v1/snapshot_pb.js";
import type { SnapshotInfo } from "../../workspaces/snapshot-manager.js";
import type { TreeChange, TreeEntryState } from "../../workspaces/tree-ops.js";

export function toSnapshotMessage(s: SnapshotInfo): Snapshot {
  return create(SnapshotSchema, {
    workspaceId: s.workspace_id,
    name: s.name,
    createdAt: timestampFromMs(s.created_at),
    sizeBytes: BigInt(s.size_bytes),
    files: BigInt(s.files),
    dirs: BigInt(s.dirs),
    symlinks: BigInt(s.symlinks),
    skipped: s.skipped,
    skippedCount: BigInt(s.skipped_count),
  });
}

const CHANGES: Record<TreeChange["change"], DiffChange> = {
  added: DiffChange.ADDED,
  removed: DiffChange.REMOVED,
  changed: DiffChange.CHANGED,
};

/** A path that is not UTF-8 comes as bytes; its text reads U+FFFD where they don't decode. */
export function toDiffEntry(c: TreeChange): DiffEntry {
  const pathBytes = Buffer.from(c.path_bytes ?? "", "base64");
  return create(DiffEntrySchema, {
    change: CHANGES[c.change],
    path: pathBytes.length > 0 ? pathBytes.toString("utf8") : c.path,
    pathBytes,
    ...(c.before ? { before: toState(c.before) } : {}),
    ...(c.after ? { after: toState(c.after) } : {}),
  });
}

function toState(s: TreeEntryState): DiffEntryState {
  return create(DiffEntryStateSchema, { kind: s.kind, size: BigInt(s.size), mode: s.mode });
}
