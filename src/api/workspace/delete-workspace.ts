import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  DeleteWorkspaceResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";

export const deleteWorkspace =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["deleteWorkspace"] =>
  async (req) => {
    await ctx.workspaces.delete(req.id, req.force);
    return create(DeleteWorkspaceResponseSchema, {});
  };
