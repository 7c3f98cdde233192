import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, WriteFileResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

export const writeFile =
  (ctx: AppContext): ServiceImpl<typeof FsService>["writeFile"] =>
  async (req, hc) => {
    const files = filesOf(ctx, { session: req.sessionId }, hc);
    const options = { mode: req.mode, signal: hc.signal };
    const written = await files.write(requestPath(req), req.content, options);
    return create(WriteFileResponseSchema, written);
  };
