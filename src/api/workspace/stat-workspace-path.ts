import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  StatWorkspacePathResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { toFileInfo } from "../files/file-info.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

/** An empty path stats the workspace's root. */
export const statWorkspacePath =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["statWorkspacePath"] =>
  async (req, hc) => {
    const files = filesOf(ctx, { workspace: req.workspaceId }, hc);
    const info = toFileInfo(await files.stat(requestPath(req) || "/", { signal: hc.signal }));
    return create(StatWorkspacePathResponseSchema, { info });
  };
