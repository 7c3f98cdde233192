import type { MessageInitShape } from "@bufbuild/protobuf";
import type { WriteFileRequest, WriteFileResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { AtomicFile } from "./atomic-file.js";
import { shown } from "./byte-paths.js";
import { toConnectError } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";
import { workspaceRoom } from "./workspace-room.js";

export function writeFile(
  o: ResolvedFsServiceOptions,
  req: WriteFileRequest,
): MessageInitShape<typeof WriteFileResponseSchema> {
  const path = resolvePath(o.workspaceDir, req);
  let file: AtomicFile | undefined;
  try {
    file = AtomicFile.create(
      path,
      req.mode || 0o644,
      workspaceRoom(o, req.workspaceQuota),
      req.content.length,
    );
    file.write(req.content);
    file.commit();
  } catch (err) {
    file?.discard();
    throw toConnectError(err, path);
  }
  return { path: shown(path), size: BigInt(req.content.length) };
}
