import { realpathSync } from "node:fs";
import type { WorkspaceQuota } from "../../gen/sandkasten/v1/fs_pb.js";
import { isWithin } from "./byte-paths.js";
import { resourceExhausted } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";

/** The workspace's quota as it applies to one write's target. */
export interface WorkspaceRoom {
  workspaceDir: string;
  quota: WorkspaceQuota | undefined;
}

export function workspaceRoom(
  o: ResolvedFsServiceOptions,
  quota: WorkspaceQuota | undefined,
): WorkspaceRoom {
  return { workspaceDir: o.workspaceDir, quota };
}

/**
 * How many bytes a write to `target` (links already followed) may store:
 * undefined when the session's workspace has no quota or the target lies
 * outside /workspace. A full workspace refuses the write before it begins,
 * in the workspace API's words.
 */
export function bytesAllowed(room: WorkspaceRoom, target: Buffer): number | undefined {
  const { quota } = room;
  if (quota === undefined || quota.quotaBytes === 0n) {
    return undefined;
  }
  const workspace = realpathSync.native(room.workspaceDir, { encoding: "buffer" });
  if (!isWithin(target, workspace)) {
    return undefined;
  }
  const left = quota.quotaBytes - quota.usedBytes;
  if (left <= 0n) {
    throw resourceExhausted(
      `the workspace is full: it holds ${quota.usedBytes} bytes of its ${quota.quotaBytes} (workspace.max_size_mb)`,
    );
  }
  return Number(left);
}
