import { mkdirSync } from "node:fs";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { MakeDirRequest, MakeDirResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { toConnectError } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";

export function makeDir(
  o: ResolvedFsServiceOptions,
  req: MakeDirRequest,
): MessageInitShape<typeof MakeDirResponseSchema> {
  const path = resolvePath(o.workspaceDir, req.path);
  try {
    mkdirSync(path, { recursive: req.parents, mode: 0o755 });
  } catch (err) {
    throw toConnectError(err, path);
  }
  return { path };
}
