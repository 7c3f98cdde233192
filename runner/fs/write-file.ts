import type { MessageInitShape } from "@bufbuild/protobuf";
import type { WriteFileRequest, WriteFileResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { AtomicFile } from "./atomic-file.js";
import { toConnectError } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";

export function writeFile(
  o: ResolvedFsServiceOptions,
  req: WriteFileRequest,
): MessageInitShape<typeof WriteFileResponseSchema> {
  const path = resolvePath(o.workspaceDir, req.path);
  let file: AtomicFile | undefined;
  try {
    file = AtomicFile.create(path, req.mode || 0o644);
    file.write(req.content);
    file.commit();
  } catch (err) {
    file?.discard();
    throw toConnectError(err, path);
  }
  return { path, size: BigInt(req.content.length) };
}
