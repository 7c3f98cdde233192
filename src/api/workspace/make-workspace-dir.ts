import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  MakeWorkspaceDirResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { principalKey } from "../../tenants/principal.js";
import { requestPath } from "../../workspaces/workspace-files.js";

export const makeWorkspaceDir =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["makeWorkspaceDir"] =>
  async (req, hc) => {
    const files = await ctx.workspaces.filesForWrite(req.workspaceId, hc.values.get(principalKey));
    return create(MakeWorkspaceDirResponseSchema, await files.mkdir(requestPath(req), req.parents));
  };
