import type { AppContext } from "../../context.js";
import { SnapshotManager } from "../../workspaces/snapshot-manager.js";

const managers = new WeakMap<AppContext, SnapshotManager>();

/**
 * The context's one SnapshotManager, made on first use; from then on a
 * deleted workspace's snapshots are removed with it.
 */
export function snapshotsOf(ctx: AppContext): SnapshotManager {
  let manager = managers.get(ctx);
  if (!manager) {
    const made = new SnapshotManager(ctx.config, ctx.db, ctx.workspaces, ctx.log);
    ctx.workspaces.onDeleted = (id) => made.workspaceDeleted(id);
    managers.set(ctx, made);
    manager = made;
  }
  return manager;
}
