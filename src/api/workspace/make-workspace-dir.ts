import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  MakeWorkspaceDirResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

/** Makes a directory in a workspace, created if it does not exist yet. */
export const makeWorkspaceDir =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["makeWorkspaceDir"] =>
  async (req, hc) => {
    const files = filesOf(ctx, { workspace: req.workspaceId }, hc);
    const made = await files.makeDir(requestPath(req), { parents: req.parents, signal: hc.signal });
    return create(MakeWorkspaceDirResponseSchema, made);
  };
