import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type UploadWorkspaceFileRequest,
  UploadWorkspaceFileResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";

/** The first message names the workspace and the path; the data streams to the helper as it comes. */
export const uploadWorkspaceFile =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["uploadWorkspaceFile"] =>
  async (requests, hc) => {
    const iterator = requests[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done || !first.value.workspaceId || !first.value.path) {
      throw new ConnectError(
        "upload: the first message must name workspace_id and path",
        Code.InvalidArgument,
      );
    }
    const head: UploadWorkspaceFileRequest = first.value;
    const files = await ctx.workspaces.filesForWrite(head.workspaceId);
    const limit = await ctx.workspaces.room(files);
    async function* data(): AsyncGenerator<Uint8Array> {
      if (head.data.length > 0) yield head.data;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        if (next.value.data.length > 0) yield next.value.data;
      }
    }
    const written = await files.write(head.path, data(), { limit, signal: hc.signal });
    return create(UploadWorkspaceFileResponseSchema, {
      path: written.path,
      size: BigInt(written.size),
    });
  };
