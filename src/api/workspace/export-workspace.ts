import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ExportWorkspaceResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";

/** The whole workspace as a tar stream, at the client's pace. */
export const exportWorkspace = (
  ctx: AppContext,
): ServiceImpl<typeof WorkspaceService>["exportWorkspace"] =>
  async function* (req, hc) {
    const files = await ctx.workspaces.files(req.workspaceId);
    for await (const data of files.exportTar(hc.signal))
      yield create(ExportWorkspaceResponseSchema, { data });
  };
