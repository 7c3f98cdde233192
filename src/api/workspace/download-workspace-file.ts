import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  DownloadWorkspaceFileResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { requestPath } from "../../workspaces/workspace-files.js";

export const downloadWorkspaceFile = (
  ctx: AppContext,
): ServiceImpl<typeof WorkspaceService>["downloadWorkspaceFile"] =>
  async function* (req, hc) {
    const files = await ctx.workspaces.files(req.workspaceId);
    for await (const data of files.download(requestPath(req), hc.signal)) {
      yield create(DownloadWorkspaceFileResponseSchema, { data });
    }
  };
