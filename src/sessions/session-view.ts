import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Session, SessionSchema, SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import type { SessionRow } from "../store/sessions-repo.js";

const STATUS: Record<string, SessionStatus> = {
  creating: SessionStatus.CREATING,
  running: SessionStatus.RUNNING,
  expired: SessionStatus.EXPIRED,
  destroyed: SessionStatus.DESTROYED,
  failed: SessionStatus.FAILED,
};

/** The store's name of a status. */
export function statusRowName(status: SessionStatus): string | undefined {
  return Object.entries(STATUS).find(([, value]) => value === status)?.[0];
}

export function toSessionMessage(row: SessionRow): Session {
  return create(SessionSchema, {
    id: row.id,
    image: row.image,
    status: STATUS[row.status] ?? SessionStatus.UNSPECIFIED,
    cwd: row.cwd,
    workspaceId: row.workspace_id ?? "",
    createdAt: timestampFromMs(row.created_at),
    expiresAt: timestampFromMs(row.expires_at),
    lastActivity: timestampFromMs(row.last_activity),
    containerId: row.container_id,
    statusReason: row.status_reason,
    pooled: row.pooled === 1,
    poolMissReason: row.pool_miss_reason,
    tenant: row.tenant,
    network: row.network,
    allow: JSON.parse(row.allow) as string[],
  });
}
