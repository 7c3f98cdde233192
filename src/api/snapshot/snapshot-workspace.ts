import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type SnapshotService,
  SnapshotWorkspaceResponseSchema,
} from "../../../gen/sandkasten/v1/snapshot_pb.js";
import type { AppContext } from "../../context.js";
import { toSnapshotMessage } from "./messages.js";
import { snapshotsOf } from "./snapshots-of.js";

export const snapshotWorkspace =
  (ctx: AppContext): ServiceImpl<typeof SnapshotService>["snapshotWorkspace"] =>
  async (req) =>
    create(SnapshotWorkspaceResponseSchema, {
      snapshot: toSnapshotMessage(await snapshotsOf(ctx).create(req.workspaceId, req.name)),
    });
