import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type Workspace, WorkspaceSchema } from "../../../gen/sandkasten/v1/workspace_pb.js";
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
