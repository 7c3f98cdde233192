import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, RemoveResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

export const remove =
  (ctx: AppContext): ServiceImpl<typeof FsService>["remove"] =>
  async (req, hc) => {
    await filesOf(ctx, { session: req.sessionId }, hc).remove(requestPath(req), {
      recursive: req.recursive,
      signal: hc.signal,
    });
    return create(RemoveResponseSchema, {});
  };
