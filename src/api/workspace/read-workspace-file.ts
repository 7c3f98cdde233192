import { isUtf8 } from "node:buffer";
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ReadWorkspaceFileResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { FILE_READ_MAX_BYTES } from "../../limits.js";
import { requestPath, rooted } from "../../workspaces/workspace-files.js";

export const readWorkspaceFile =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["readWorkspaceFile"] =>
  async (req) => {
    const max = req.maxBytes > 0n ? Number(req.maxBytes) : FILE_READ_MAX_BYTES;
    const files = await ctx.workspaces.files(req.workspaceId);
    const path = requestPath(req);
    const { size, content } = await files.read(path, max);
    return create(ReadWorkspaceFileResponseSchema, {
      path: rooted(path),
      content,
      truncated: size > content.length,
      size: BigInt(size),
      isUtf8: isUtf8(content),
    });
  };
