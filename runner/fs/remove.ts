import { lstatSync, realpathSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { RemoveRequest, RemoveResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { errnoOf, failedPrecondition, toConnectError } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { containsOrIs, resolvePath } from "./paths.js";

export function remove(
  o: ResolvedFsServiceOptions,
  req: RemoveRequest,
): MessageInitShape<typeof RemoveResponseSchema> {
  const path = resolvePath(o.workspaceDir, req.path);
  const refusal = failedPrecondition(`refusing to remove the workspace or an ancestor: ${path}`);
  if (containsOrIs(path, o.workspaceDir)) {
    throw refusal;
  }
  try {
    if (!lstatSync(path).isDirectory()) {
      unlinkSync(path);
      return {};
    }
    // A path with a symlinked parent can still name the workspace.
    if (containsOrIs(realpathSync(path), realpathSync(o.workspaceDir))) {
      throw refusal;
    }
    if (req.recursive) {
      rmSync(path, { recursive: true });
    } else {
      rmdirSync(path);
    }
    return {};
  } catch (err) {
    const code = errnoOf(err);
    if (code === "ENOTEMPTY" || code === "EEXIST") {
      throw failedPrecondition(`directory not empty: ${path} (set recursive)`);
    }
    throw toConnectError(err, path);
  }
}
