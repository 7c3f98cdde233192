import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, UploadResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { filesOf } from "../files/files-of.js";
import { headAndData } from "../files/head-and-data.js";
import { requestPath } from "../files/request-path.js";

/**
 * Passes a chunked upload on as it arrives. Only the first message's
 * session and path count; the runner names what is wrong with them.
 */
export const upload =
  (ctx: AppContext): ServiceImpl<typeof FsService>["upload"] =>
  async (requests, hc) => {
    const { head, data } = await headAndData(requests, () => true, "upload: no messages");
    const written = await filesOf(ctx, { session: head.sessionId }, hc).upload(
      requestPath(head),
      data,
      { signal: hc.signal },
    );
    return create(UploadResponseSchema, written);
  };
