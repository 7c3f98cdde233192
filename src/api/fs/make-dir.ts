import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, MakeDirResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

export const makeDir =
  (ctx: AppContext): ServiceImpl<typeof FsService>["makeDir"] =>
  async (req, hc) => {
    const made = await filesOf(ctx, { session: req.sessionId }, hc).makeDir(requestPath(req), {
      parents: req.parents,
      signal: hc.signal,
    });
    return create(MakeDirResponseSchema, made);
  };
