import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, ReadFileResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { maxBytesOption, readFields } from "../files/read-fields.js";
import { requestPath } from "../files/request-path.js";

export const readFile =
  (ctx: AppContext): ServiceImpl<typeof FsService>["readFile"] =>
  async (req, hc) => {
    const read = await filesOf(ctx, { session: req.sessionId }, hc).read(requestPath(req), {
      maxBytes: maxBytesOption(req.maxBytes),
      signal: hc.signal,
    });
    return create(ReadFileResponseSchema, readFields(read));
  };
