import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type WorkspaceService,
  WriteWorkspaceFileResponseSchema,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { principalKey } from "../../tenants/principal.js";
import { requestPath } from "../../workspaces/workspace-files.js";

export const writeWorkspaceFile =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["writeWorkspaceFile"] =>
  async (req, hc) => {
    const files = await ctx.workspaces.filesForWrite(req.workspaceId, hc.values.get(principalKey));
    const limit = await ctx.workspaces.room(files);
    const written = await files.write(requestPath(req), [req.content], {
      mode: req.mode,
      limit,
      signal: hc.signal,
    });
    return create(WriteWorkspaceFileResponseSchema, {
      path: written.path,
      size: BigInt(written.size),
    });
  };
