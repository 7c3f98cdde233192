import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  RestoreWorkspaceResponseSchema,
  type SnapshotService,
} from "../../../gen/sandkasten/v1/snapshot_pb.js";
import type { AppContext } from "../../context.js";
import { principalKey } from "../../tenants/principal.js";
import { toSnapshotMessage } from "./messages.js";
import { snapshotsOf } from "./snapshots-of.js";

export const restoreWorkspace =
  (ctx: AppContext): ServiceImpl<typeof SnapshotService>["restoreWorkspace"] =>
  async (req, hc) =>
    create(RestoreWorkspaceResponseSchema, {
      snapshot: toSnapshotMessage(
        await snapshotsOf(ctx).restore(req.workspaceId, req.snapshot, hc.values.get(principalKey)),
      ),
    });
