import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type WorkspaceService,
  WriteWorkspaceFileResponseSchema,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

/** Writes into a workspace, created if it does not exist yet, within its quota. */
export const writeWorkspaceFile =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["writeWorkspaceFile"] =>
  async (req, hc) => {
    const files = filesOf(ctx, { workspace: req.workspaceId }, hc);
    const written = await files.write(requestPath(req), req.content, {
      mode: req.mode,
      signal: hc.signal,
    });
    return create(WriteWorkspaceFileResponseSchema, written);
  };
