import {
  DiffChange,
  type DiffEntry,
  type DiffEntryState,
  type Snapshot,
} from "../../gen/sandkasten/v1/snapshot_pb.js";
import { timestampToJson } from "./timestamp-json.js";

export function snapshotToJson(s: Snapshot): Record<string, unknown> {
  return {
    workspace_id: s.workspaceId,
    name: s.name,
    created_at: timestampToJson(s.createdAt),
    size_bytes: Number(s.sizeBytes),
    files: Number(s.files),
    dirs: Number(s.dirs),
    symlinks: Number(s.symlinks),
    skipped: s.skipped,
    skipped_count: Number(s.skippedCount),
  };
}

const CHANGE_NAMES: Record<DiffChange, string> = {
  [DiffChange.UNSPECIFIED]: "unspecified",
  [DiffChange.ADDED]: "added",
  [DiffChange.REMOVED]: "removed",
  [DiffChange.CHANGED]: "changed",
};

/** A diff entry as JSON; `path_base64` only for a path that is not valid UTF-8. */
export function diffEntryToJson(e: DiffEntry): Record<string, unknown> {
  return {
    change: CHANGE_NAMES[e.change],
    path: e.path,
    ...(e.pathBytes.length > 0 ? { path_base64: Buffer.from(e.pathBytes).toString("base64") } : {}),
    before: stateToJson(e.before),
    after: stateToJson(e.after),
  };
}

function stateToJson(s: DiffEntryState | undefined): Record<string, unknown> | null {
  return s === undefined ? null : { kind: s.kind, size: Number(s.size), mode: s.mode };
}
