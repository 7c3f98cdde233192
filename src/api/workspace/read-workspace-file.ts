import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ReadWorkspaceFileResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { maxBytesOption, readFields } from "../files/read-fields.js";
import { requestPath } from "../files/request-path.js";

export const readWorkspaceFile =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["readWorkspaceFile"] =>
  async (req, hc) => {
    const files = filesOf(ctx, { workspace: req.workspaceId }, hc);
    const read = await files.read(requestPath(req), {
      maxBytes: maxBytesOption(req.maxBytes),
      signal: hc.signal,
    });
    return create(ReadWorkspaceFileResponseSchema, readFields(read));
  };
