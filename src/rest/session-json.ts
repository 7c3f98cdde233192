import type { GetSessionStatsResponse, Session } from "../../gen/sandkasten/v1/session_pb.js";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { timestampToJson } from "./timestamp-json.js";

export const sessionStatusNames: Record<SessionStatus, string> = {
  [SessionStatus.UNSPECIFIED]: "unspecified",
  [SessionStatus.CREATING]: "creating",
  [SessionStatus.RUNNING]: "running",
  [SessionStatus.EXPIRED]: "expired",
  [SessionStatus.DESTROYED]: "destroyed",
  [SessionStatus.FAILED]: "failed",
  [SessionStatus.POOL_IDLE]: "pool_idle",
};

export function sessionStatusName(status: SessionStatus): string {
  return sessionStatusNames[status] ?? "unspecified";
}

export function sessionToJson(session: Session): Record<string, unknown> {
  return {
    id: session.id,
    image: session.image,
    status: sessionStatusName(session.status),
    cwd: session.cwd,
    workspace_id: session.workspaceId === "" ? null : session.workspaceId,
    created_at: timestampToJson(session.createdAt),
    expires_at: timestampToJson(session.expiresAt),
    last_activity: timestampToJson(session.lastActivity),
    container_id: session.containerId,
    pooled: session.pooled,
    ...(session.poolMissReason === "" ? {} : { pool_miss_reason: session.poolMissReason }),
    // The original's names for the same: where the container came from, and why not the pool.
    acquire_source: session.pooled ? "pool" : "cold",
    ...(session.poolMissReason === "" ? {} : { acquire_detail: session.poolMissReason }),
    ...(session.statusReason === "" ? {} : { status_reason: session.statusReason }),
  };
}

export function sessionStatsToJson(stats: GetSessionStatsResponse): Record<string, unknown> {
  return {
    memory_bytes: Number(stats.memoryBytes),
    memory_limit: Number(stats.memoryLimit),
    cpu_usage_usec: Number(stats.cpuUsageUsec),
    pids: stats.pids,
    memory_peak_bytes: Number(stats.memoryPeakBytes),
  };
}
