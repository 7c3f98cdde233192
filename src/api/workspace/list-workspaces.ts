import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ListWorkspacesResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { principalKey } from "../../tenants/principal.js";
import { toWorkspaceMessage } from "./messages.js";

export const listWorkspaces =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["listWorkspaces"] =>
  async (_req, hc) =>
    create(ListWorkspacesResponseSchema, {
      workspaces: (await ctx.workspaces.list(hc.values.get(principalKey))).map(toWorkspaceMessage),
    });
