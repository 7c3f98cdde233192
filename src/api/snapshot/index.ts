import type { ServiceImpl } from "@connectrpc/connect";
import type { SnapshotService } from "../../../gen/sandkasten/v1/snapshot_pb.js";
import type { AppContext } from "../../context.js";
import { deleteSnapshot } from "./delete-snapshot.js";
import { diffWorkspace } from "./diff-workspace.js";
import { forkWorkspace } from "./fork-workspace.js";
import { listSnapshots } from "./list-snapshots.js";
import { restoreWorkspace } from "./restore-workspace.js";
import { snapshotWorkspace } from "./snapshot-workspace.js";
import { snapshotsOf } from "./snapshots-of.js";

export const snapshotService = (ctx: AppContext): ServiceImpl<typeof SnapshotService> => {
  // Made now, so that deleting a workspace removes its snapshots from the start.
  snapshotsOf(ctx);
  return {
    snapshotWorkspace: snapshotWorkspace(ctx),
    listSnapshots: listSnapshots(ctx),
    deleteSnapshot: deleteSnapshot(ctx),
    restoreWorkspace: restoreWorkspace(ctx),
    forkWorkspace: forkWorkspace(ctx),
    diffWorkspace: diffWorkspace(ctx),
  };
};
