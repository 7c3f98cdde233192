import type { MessageInitShape } from "@bufbuild/protobuf";
import type { StatRequest, StatResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { toConnectError } from "./errors.js";
import { lstatInfo } from "./file-info.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";

export function stat(
  o: ResolvedFsServiceOptions,
  req: StatRequest,
): MessageInitShape<typeof StatResponseSchema> {
  const path = resolvePath(o.workspaceDir, req);
  try {
    return { info: lstatInfo(path) };
  } catch (err) {
    throw toConnectError(err, path);
  }
}
