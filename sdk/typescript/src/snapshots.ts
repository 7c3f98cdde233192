// Workspace snapshots: named, read-only copies of a workspace at one moment,
// kept on the daemon's host; Workspace.snapshots is one of these.
import { type Timestamp, timestampDate } from "@bufbuild/protobuf/wkt";
import type { Api } from "./api.js";
import { call } from "./calls.js";
import {
  DiffChange,
  type DiffEntry as ProtoDiffEntry,
  type DiffEntryState as ProtoDiffEntryState,
  type Snapshot,
} from "./gen/sandkasten/v1/snapshot_pb.js";
import type { CallOptions } from "./types.js";

export interface SnapshotInfo {
  workspaceId: string;
  name: string;
  createdAt?: Date;
  /** Bytes of regular files in it. */
  sizeBytes: number;
  files: number;
  dirs: number;
  symlinks: number;
  /** Devices, FIFOs and sockets that were not copied (the first 100 of skippedCount). */
  skipped: string[];
  skippedCount: number;
}

/** What one side holds at a path. */
export interface DiffEntryState {
  /** "file", "dir", "symlink" or "other". */
  kind: string;
  /** A file's length, a symlink's target length; zero for the others. */
  size: number;
  mode: number;
}

export interface DiffEntry {
  /** added: only in the workspace; removed: only in the base; changed: type, mode, size, content or link target. */
  change: "added" | "removed" | "changed";
  /** Relative to the workspace root, with a leading "/". */
  path: string;
  /** The path's exact bytes, only when it is not valid UTF-8. */
  pathBytes?: Uint8Array;
  /** Unset for an added path. */
  before?: DiffEntryState;
  /** Unset for a removed path. */
  after?: DiffEntryState;
}

export interface WorkspaceDiff {
  /** In path order, a directory before its contents. */
  changes: DiffEntry[];
  /** More changed than maxEntries. */
  truncated: boolean;
}

export interface DiffOptions extends CallOptions {
  /** The base is this other workspace (or its snapshot, with `snapshot`). */
  against?: string;
  /** The base is this snapshot (of this workspace, or of `against`). */
  snapshot?: string;
  /** At most this many entries (default 10000, at most 100000). */
  maxEntries?: number;
}

export interface ForkOptions extends CallOptions {
  /** Fork this snapshot instead of the workspace as it is now. */
  snapshot?: string;
  /** Replace what an existing, non-empty target holds. */
  replace?: boolean;
}

export class WorkspaceSnapshots {
  constructor(
    private readonly api: Api,
    private readonly workspaceId: string,
  ) {}

  /**
   * Copies the workspace now, as `name`. A session may have it attached and
   * write meanwhile; for a consistent copy run no command while it is taken.
   */
  async take(name: string, options: CallOptions = {}): Promise<SnapshotInfo> {
    const request = { workspaceId: this.workspaceId, name };
    const r = await call(options, (o) => this.api.snapshots.snapshotWorkspace(request, o));
    return snapshotInfo(r.snapshot);
  }

  /** Oldest first. */
  async list(options: CallOptions = {}): Promise<SnapshotInfo[]> {
    const request = { workspaceId: this.workspaceId };
    const r = await call(options, (o) => this.api.snapshots.listSnapshots(request, o));
    return r.snapshots.map(snapshotInfo);
  }

  async delete(name: string, options: CallOptions = {}): Promise<void> {
    const request = { workspaceId: this.workspaceId, name };
    await call(options, (o) => this.api.snapshots.deleteSnapshot(request, o));
  }

  /** Replaces everything in the workspace with the snapshot's contents (refused while a session has it attached). */
  async restore(name: string, options: CallOptions = {}): Promise<SnapshotInfo> {
    const request = { workspaceId: this.workspaceId, snapshot: name };
    const r = await call(options, (o) => this.api.snapshots.restoreWorkspace(request, o));
    return snapshotInfo(r.snapshot);
  }
}

export function snapshotInfo(s: Snapshot | undefined): SnapshotInfo {
  if (!s) throw new Error("the daemon's answer carries no snapshot");
  return {
    workspaceId: s.workspaceId,
    name: s.name,
    createdAt: date(s.createdAt),
    sizeBytes: Number(s.sizeBytes),
    files: Number(s.files),
    dirs: Number(s.dirs),
    symlinks: Number(s.symlinks),
    skipped: [...s.skipped],
    skippedCount: Number(s.skippedCount),
  };
}

const CHANGES: Record<DiffChange, DiffEntry["change"] | undefined> = {
  [DiffChange.UNSPECIFIED]: undefined,
  [DiffChange.ADDED]: "added",
  [DiffChange.REMOVED]: "removed",
  [DiffChange.CHANGED]: "changed",
};

export function diffEntry(e: ProtoDiffEntry): DiffEntry {
  return {
    change: CHANGES[e.change] ?? "changed",
    path: e.path,
    ...(e.pathBytes.length > 0 ? { pathBytes: e.pathBytes } : {}),
    ...(e.before ? { before: diffState(e.before) } : {}),
    ...(e.after ? { after: diffState(e.after) } : {}),
  };
}

function diffState(s: ProtoDiffEntryState): DiffEntryState {
  return { kind: s.kind, size: Number(s.size), mode: s.mode };
}

const date = (t: Timestamp | undefined): Date | undefined => (t ? timestampDate(t) : undefined);
