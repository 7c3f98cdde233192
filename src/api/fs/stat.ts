import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, StatResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { toFileInfo } from "../files/file-info.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

export const stat =
  (ctx: AppContext): ServiceImpl<typeof FsService>["stat"] =>
  async (req, hc) => {
    const info = await filesOf(ctx, { session: req.sessionId }, hc).stat(requestPath(req), {
      signal: hc.signal,
    });
    return create(StatResponseSchema, { info: toFileInfo(info) });
  };
