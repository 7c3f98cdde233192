import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ListWorkspaceDirResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { requestPath } from "../../workspaces/workspace-files.js";
import { toFileInfo } from "./messages.js";

const MAX_ENTRIES = 10_000;

export const listWorkspaceDir =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["listWorkspaceDir"] =>
  async (req) => {
    const listing = await (await ctx.workspaces.files(req.workspaceId)).list(
      requestPath(req) || "/",
      MAX_ENTRIES,
    );
    return create(ListWorkspaceDirResponseSchema, {
      path: listing.path,
      entries: listing.entries.map(toFileInfo),
      truncated: listing.truncated,
    });
  };
