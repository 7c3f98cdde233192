import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ListSnapshotsResponseSchema,
  type SnapshotService,
} from "../../../gen/sandkasten/v1/snapshot_pb.js";
import type { AppContext } from "../../context.js";
import { toSnapshotMessage } from "./messages.js";
import { snapshotsOf } from "./snapshots-of.js";

export const listSnapshots =
  (ctx: AppContext): ServiceImpl<typeof SnapshotService>["listSnapshots"] =>
  async (req) =>
    create(ListSnapshotsResponseSchema, {
      snapshots: (await snapshotsOf(ctx).list(req.workspaceId)).map(toSnapshotMessage),
    });
