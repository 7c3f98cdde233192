import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  RemoveWorkspacePathResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

export const removeWorkspacePath =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["removeWorkspacePath"] =>
  async (req, hc) => {
    const files = filesOf(ctx, { workspace: req.workspaceId }, hc);
    await files.remove(requestPath(req), { recursive: req.recursive, signal: hc.signal });
    return create(RemoveWorkspacePathResponseSchema, {});
  };
