import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  DownloadWorkspaceFileResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

export const downloadWorkspaceFile = (
  ctx: AppContext,
): ServiceImpl<typeof WorkspaceService>["downloadWorkspaceFile"] =>
  async function* (req, hc) {
    const files = filesOf(ctx, { workspace: req.workspaceId }, hc);
    for await (const data of files.download(requestPath(req), { signal: hc.signal }))
      yield create(DownloadWorkspaceFileResponseSchema, { data });
  };
