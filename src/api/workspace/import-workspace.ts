import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ImportWorkspaceResponseSchema,
  type WorkspaceService,
} from "../../../gen/sandkasten/v1/workspace_pb.js";
import type { AppContext } from "../../context.js";
import { principalKey } from "../../tenants/principal.js";
import { headAndData } from "../files/head-and-data.js";

/** Restores a tar stream into the workspace; the helper refuses entries that would land outside. */
export const importWorkspace =
  (ctx: AppContext): ServiceImpl<typeof WorkspaceService>["importWorkspace"] =>
  async (requests, hc) => {
    const { head, data } = await headAndData(
      requests,
      (h) => h.workspaceId !== "",
      "import: the first message must name workspace_id",
    );
    const files = await ctx.workspaces.filesForWrite(head.workspaceId, hc.values.get(principalKey));
    const limit = await ctx.workspaces.room(files);
    const r = await files.importTar(data, { limit, signal: hc.signal });
    return create(ImportWorkspaceResponseSchema, {
      files: BigInt(r.files),
      dirs: BigInt(r.dirs),
      symlinks: BigInt(r.symlinks),
      bytes: BigInt(r.bytes),
    });
  };
