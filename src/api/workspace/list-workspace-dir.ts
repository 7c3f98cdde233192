import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ListWorkspaceDirResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { toFileInfo } from "../files/file-info.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

/** An empty path lists the workspace's root. */
export const listWorkspaceDir =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["listWorkspaceDir"] =>
  async (req, hc) => {
    const files = filesOf(ctx, { workspace: req.workspaceId }, hc);
    const { entries, ...listing } = await files.list(requestPath(req) || "/", {
      signal: hc.signal,
    });
    return create(ListWorkspaceDirResponseSchema, { ...listing, entries: entries.map(toFileInfo) });
  };
