import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  UploadWorkspaceFileResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { headAndData } from "../files/head-and-data.js";
import { requestPath } from "../files/request-path.js";

/** The first message names the workspace and the path; the data streams to the helper as it comes. */
export const uploadWorkspaceFile =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["uploadWorkspaceFile"] =>
  async (requests, hc) => {
    const { head, data } = await headAndData(
      requests,
      (h) => h.workspaceId !== "" && (h.path !== "" || h.pathBytes.length > 0),
      "upload: the first message must name workspace_id and path (or path_bytes)",
    );
    const files = filesOf(ctx, { workspace: head.workspaceId }, hc);
    const written = await files.upload(requestPath(head), data, { signal: hc.signal });
    return create(UploadWorkspaceFileResponseSchema, written);
  };
