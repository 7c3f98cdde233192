import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  GetWorkspaceResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { toWorkspaceMessage } from "./messages.js";

export const getWorkspace =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["getWorkspace"] =>
  async (req) =>
    create(GetWorkspaceResponseSchema, {
      workspace: toWorkspaceMessage(await ctx.workspaces.get(req.id)),
    });
