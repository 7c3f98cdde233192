import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  RemoveWorkspacePathResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { requestPath } from "../../workspaces/workspace-files.js";

export const removeWorkspacePath =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["removeWorkspacePath"] =>
  async (req) => {
    await (await ctx.workspaces.files(req.workspaceId)).remove(requestPath(req), req.recursive);
    return create(RemoveWorkspacePathResponseSchema, {});
  };
