import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, ListDirResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { toFileInfo } from "../files/file-info.js";
import { filesOf } from "../files/files-of.js";
import { requestPath } from "../files/request-path.js";

/** An empty path lists the runner's default directory, /workspace. */
export const listDir =
  (ctx: AppContext): ServiceImpl<typeof FsService>["listDir"] =>
  async (req, hc) => {
    const listing = await filesOf(ctx, { session: req.sessionId }, hc).list(requestPath(req), {
      signal: hc.signal,
    });
    return create(ListDirResponseSchema, { ...listing, entries: listing.entries.map(toFileInfo) });
  };
