import { mkdirSync } from "node:fs";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { MakeDirRequest, MakeDirResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { shown } from "./byte-paths.js";
import { toConnectError } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { makeDirs, resolvePath } from "./paths.js";

export function makeDir(
  o: ResolvedFsServiceOptions,
  req: MakeDirRequest,
): MessageInitShape<typeof MakeDirResponseSchema> {
  const path = resolvePath(o.workspaceDir, req);
  try {
    if (req.parents) {
      makeDirs(path, 0o755);
    } else {
      mkdirSync(path, { mode: 0o755 });
    }
  } catch (err) {
    throw toConnectError(err, path);
  }
  return { path: shown(path) };
}
