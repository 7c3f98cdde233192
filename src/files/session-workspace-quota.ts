import { create } from "@bufbuild/protobuf";
import { type WorkspaceQuota, WorkspaceQuotaSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../context.js";

/**
 * The quota of a session's workspace as it stands now, for the runner to
 * apply to a file write that lands in /workspace; undefined when the
 * session has no workspace or the workspace no quota. The daemon sets this
 * on every write it passes on, so a client's value never reaches the runner.
 */
export async function sessionWorkspaceQuota(
  ctx: Pick<AppContext, "sessions" | "workspaces">,
  sessionId: string,
): Promise<WorkspaceQuota | undefined> {
  const { workspace_id: workspaceId } = await ctx.sessions.get(sessionId);
  if (!workspaceId) return undefined;
  const usage = await ctx.workspaces.usage(workspaceId);
  if (usage === undefined) return undefined;
  return create(WorkspaceQuotaSchema, {
    quotaBytes: BigInt(usage.quotaBytes),
    usedBytes: BigInt(usage.usedBytes),
  });
}
