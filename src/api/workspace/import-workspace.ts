import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  ImportWorkspaceResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";

/** Restores a tar stream into the workspace; the helper refuses entries that would land outside. */
export const importWorkspace =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["importWorkspace"] =>
  async (requests, hc) => {
    const iterator = requests[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done || !first.value.workspaceId) {
      throw new ConnectError(
        "import: the first message must name workspace_id",
        Code.InvalidArgument,
      );
    }
    const head = first.value;
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
    const r = await files.importTar(data(), { limit, signal: hc.signal });
    return create(ImportWorkspaceResponseSchema, {
      files: BigInt(r.files),
      dirs: BigInt(r.dirs),
      symlinks: BigInt(r.symlinks),
      bytes: BigInt(r.bytes),
    });
  };
