import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { DownloadResponseSchema, type FsService } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

/** Streams a file at the client's pace. */
export const download = (ctx: AppContext): ServiceImpl<typeof FsService>["download"] =>
  async function* (req, hc) {
    const files = filesOf(ctx, { session: req.sessionId }, hc);
    for await (const data of files.download(requestPath(req), { signal: hc.signal }))
      yield create(DownloadResponseSchema, { data });
  };
