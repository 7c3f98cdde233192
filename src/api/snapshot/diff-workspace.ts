import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  DiffWorkspaceResponseSchema,
  type SnapshotService,
} from "../../../gen/sandkasten/v1/snapshot_pb.js";
import type { AppContext } from "../../context.js";
import { DEFAULT_DIFF_ENTRIES } from "../../workspaces/snapshot-manager.js";
import { toDiffEntry } from "./messages.js";
import { snapshotsOf } from "./snapshots-of.js";

export const diffWorkspace =
  (ctx: AppContext): ServiceImpl<typeof SnapshotService>["diffWorkspace"] =>
  async (req, hc) => {
    const diff = await snapshotsOf(ctx).diff(
      { workspaceId: req.workspaceId, ...(req.snapshot ? { snapshot: req.snapshot } : {}) },
      {
        workspaceId: req.baseWorkspaceId || req.workspaceId,
        ...(req.baseSnapshot ? { snapshot: req.baseSnapshot } : {}),
      },
      req.maxEntries || DEFAULT_DIFF_ENTRIES,
      hc.signal,
    );
    return create(DiffWorkspaceResponseSchema, {
      changes: diff.changes.map(toDiffEntry),
      truncated: diff.truncated,
    });
  };
