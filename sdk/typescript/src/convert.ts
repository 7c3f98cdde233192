// Proto messages to the SDK's plain types (src/types.ts).
import { type Timestamp, timestampDate } from "@bufbuild/protobuf/wkt";
import type { ExecEnded, ExecResponse } from "./gen/sandkasten/v1/exec_pb.js";
import type { FileInfo } from "./gen/sandkasten/v1/fs_pb.js";
import { type Job, JobStatus } from "./gen/sandkasten/v1/job_pb.js";
import {
  type GetPoolStatusResponse,
  type GetSessionStatsResponse,
  SessionStatus as ProtoSessionStatus,
  type Session,
} from "./gen/sandkasten/v1/session_pb.js";
import type { ImportWorkspaceResponse, Workspace } from "./gen/sandkasten/v1/workspace_pb.js";
import type {
  ExecEvent,
  ExecResult,
  FileEntry,
  ImportResult,
  JobInfo,
  PoolStatus,
  SessionInfo,
  SessionStats,
  SessionStatus,
  WorkspaceInfo,
} from "./types.js";

const date = (t: Timestamp | undefined): Date | undefined => (t ? timestampDate(t) : undefined);

const statuses: Record<ProtoSessionStatus, SessionStatus> = {
  [ProtoSessionStatus.UNSPECIFIED]: "unknown",
  [ProtoSessionStatus.CREATING]: "creating",
  [ProtoSessionStatus.RUNNING]: "running",
  [ProtoSessionStatus.EXPIRED]: "expired",
  [ProtoSessionStatus.DESTROYED]: "destroyed",
  [ProtoSessionStatus.FAILED]: "failed",
  [ProtoSessionStatus.POOL_IDLE]: "pool_idle",
};

export function sessionInfo(s: Session | undefined): SessionInfo {
  if (!s) throw new Error("the daemon's answer carries no session");
  return {
    id: s.id,
    image: s.image,
    status: statuses[s.status] ?? "unknown",
    cwd: s.cwd,
    workspaceId: s.workspaceId,
    createdAt: date(s.createdAt),
    expiresAt: date(s.expiresAt),
    lastActivity: date(s.lastActivity),
    containerId: s.containerId,
    statusReason: s.statusReason,
    pooled: s.pooled,
  };
}

export function execResult(r: ExecResponse): ExecResult {
  return {
    output: r.output,
    exitCode: r.exitCode,
    cwd: r.cwd,
    durationMs: Number(r.durationMs),
    timedOut: r.timedOut,
    truncated: r.truncated,
    shellRestarted: r.shellRestarted,
    ...(r.jobId ? { jobId: r.jobId } : {}),
  };
}

export function jobInfo(j: Job | undefined): JobInfo {
  if (!j) throw new Error("the daemon's answer carries no job");
  const running = j.status === JobStatus.RUNNING;
  return {
    id: j.id,
    cmd: j.cmd,
    status: running ? "running" : "exited",
    ...(running ? {} : { exitCode: j.exitCode }),
    signal: j.signal,
    cwd: j.cwd,
    startedAt: date(j.startedAt),
    endedAt: date(j.endedAt),
    outputBytes: Number(j.outputBytes),
    droppedBytes: Number(j.droppedBytes),
  };
}

export function exitEvent(e: ExecEnded): ExecEvent {
  return {
    type: "exit",
    exitCode: e.exitCode,
    cwd: e.cwd,
    durationMs: Number(e.durationMs),
    timedOut: e.timedOut,
    shellRestarted: e.shellRestarted,
  };
}

export function fileEntry(f: FileInfo | undefined): FileEntry {
  if (!f) throw new Error("the daemon's answer carries no file info");
  return {
    name: f.name,
    path: f.path,
    isDir: f.isDir,
    isSymlink: f.isSymlink,
    size: Number(f.size),
    mode: f.mode,
    modifiedAt: date(f.modifiedAt),
    ...(f.nameBytes.length > 0 ? { nameBytes: f.nameBytes } : {}),
    ...(f.pathBytes.length > 0 ? { pathBytes: f.pathBytes } : {}),
  };
}

export function sessionStats(r: GetSessionStatsResponse): SessionStats {
  return {
    memoryBytes: Number(r.memoryBytes),
    memoryLimit: Number(r.memoryLimit),
    cpuUsageUsec: Number(r.cpuUsageUsec),
    pids: r.pids,
  };
}

export function poolStatus(r: GetPoolStatusResponse): PoolStatus {
  return {
    enabled: r.enabled,
    images: r.images.map((i) => ({
      image: i.image,
      target: i.target,
      ready: i.ready,
      creating: i.creating,
      hits: Number(i.hits),
      misses: Number(i.misses),
      takeP50Ms: i.takeP50Ms,
      takeP95Ms: i.takeP95Ms,
    })),
  };
}

export function workspaceInfo(w: Workspace | undefined): WorkspaceInfo {
  if (!w) throw new Error("the daemon's answer carries no workspace");
  return {
    id: w.id,
    driver: w.driver,
    createdAt: date(w.createdAt),
    lastUsedAt: date(w.lastUsedAt),
    sizeBytes: Number(w.sizeBytes),
    sessionIds: [...w.sessionIds],
    quotaBytes: Number(w.quotaBytes),
    overQuota: w.overQuota,
  };
}

export function importResult(r: ImportWorkspaceResponse): ImportResult {
  return {
    files: Number(r.files),
    dirs: Number(r.dirs),
    symlinks: Number(r.symlinks),
    bytes: Number(r.bytes),
  };
}
