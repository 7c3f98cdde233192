import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  StatWorkspacePathResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { requestPath } from "../../workspaces/workspace-files.js";
import { toFileInfo } from "./messages.js";

export const statWorkspacePath =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["statWorkspacePath"] =>
  async (req) => {
    const info = await (await ctx.workspaces.files(req.workspaceId)).stat(requestPath(req) || "/");
    return create(StatWorkspacePathResponseSchema, { info: toFileInfo(info) });
  };
