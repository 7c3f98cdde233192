import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  UploadWorkspaceFileResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { principalKey } from "../../tenants/principal.js";
import { requestPath } from "../../workspaces/workspace-files.js";
import { headAndData } from "./head-and-data.js";

/** The first message names the workspace and the path; the data streams to the helper as it comes. */
export const uploadWorkspaceFile =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["uploadWorkspaceFile"] =>
  async (requests, hc) => {
    const { head, data } = await headAndData(
      requests,
      (h) => h.workspaceId !== "" && (h.path !== "" || h.pathBytes.length > 0),
      "upload: the first message must name workspace_id and path (or path_bytes)",
    );
    const files = await ctx.workspaces.filesForWrite(head.workspaceId, hc.values.get(principalKey));
    const limit = await ctx.workspaces.room(files);
    const written = await files.write(requestPath(head), data, { limit, signal: hc.signal });
    return create(UploadWorkspaceFileResponseSchema, {
      path: written.path,
      size: BigInt(written.size),
    });
  };
