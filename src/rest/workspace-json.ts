import type { Workspace } from "../../gen/sandkasten/v1/workspace_pb.js";
import { timestampToJson } from "./timestamp-json.js";

export function workspaceToJson(w: Workspace): Record<string, unknown> {
  return {
    id: w.id,
    driver: w.driver,
    created_at: timestampToJson(w.createdAt),
    last_used_at: timestampToJson(w.lastUsedAt),
    size_bytes: Number(w.sizeBytes),
    session_ids: w.sessionIds,
    quota_bytes: Number(w.quotaBytes),
    over_quota: w.overQuota,
    status: w.status,
  };
}
