import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ForkWorkspaceResponseSchema,
  type SnapshotService,
} from "../../../gen/sandkasten/v1/snapshot_pb.js";
import type { AppContext } from "../../context.js";
import { principalKey } from "../../tenants/principal.js";
import { toWorkspaceMessage } from "../workspace/messages.js";
import { snapshotsOf } from "./snapshots-of.js";

export const forkWorkspace =
  (ctx: AppContext): ServiceImpl<typeof SnapshotService>["forkWorkspace"] =>
  async (req, hc) => {
    const workspace = await snapshotsOf(ctx).fork(
      { workspaceId: req.workspaceId, ...(req.snapshot ? { snapshot: req.snapshot } : {}) },
      req.newWorkspaceId,
      { replace: req.replace, owner: hc.values.get(principalKey) },
    );
    return create(ForkWorkspaceResponseSchema, { workspace: toWorkspaceMessage(workspace) });
  };
