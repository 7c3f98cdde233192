import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  DeleteSnapshotResponseSchema,
  type SnapshotService,
} from "../../../gen/sandkasten/v1/snapshot_pb.js";
import type { AppContext } from "../../context.js";
import { snapshotsOf } from "./snapshots-of.js";

export const deleteSnapshot =
  (ctx: AppContext): ServiceImpl<typeof SnapshotService>["deleteSnapshot"] =>
  async (req) => {
    await snapshotsOf(ctx).delete(req.workspaceId, req.name);
    return create(DeleteSnapshotResponseSchema, {});
  };
