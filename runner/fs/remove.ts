import { lstatSync, realpathSync, rmdirSync, unlinkSync } from "node:fs";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { RemoveRequest, RemoveResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { shown } from "./byte-paths.js";
import { errnoOf, failedPrecondition, toConnectError } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { containsOrIs, resolvePath } from "./paths.js";
import { removeTree } from "./remove-tree.js";

export function remove(
  o: ResolvedFsServiceOptions,
  req: RemoveRequest,
): MessageInitShape<typeof RemoveResponseSchema> {
  const path = resolvePath(o.workspaceDir, req);
  const workspace = Buffer.from(o.workspaceDir);
  const refusal = failedPrecondition(
    `refusing to remove the workspace or an ancestor: ${shown(path)}`,
  );
  if (containsOrIs(path, workspace)) {
    throw refusal;
  }
  try {
    if (!lstatSync(path).isDirectory()) {
      unlinkSync(path);
      return {};
    }
    // A path with a symlinked parent can still name the workspace.
    if (
      containsOrIs(
        realpathSync.native(path, { encoding: "buffer" }),
        realpathSync.native(workspace, { encoding: "buffer" }),
      )
    ) {
      throw refusal;
    }
    if (req.recursive) {
      removeTree(path);
    } else {
      rmdirSync(path);
    }
    return {};
  } catch (err) {
    const code = errnoOf(err);
    if (code === "ENOTEMPTY" || code === "EEXIST") {
      throw failedPrecondition(`directory not empty: ${shown(path)} (set recursive)`);
    }
    throw toConnectError(err, path);
  }
}
