import type { MessageInitShape } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { UploadRequest, UploadResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { AtomicFile } from "./atomic-file.js";
import { shown } from "./byte-paths.js";
import { invalidArgument, resourceExhausted, toConnectError } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";
import { workspaceRoom } from "./workspace-room.js";

export async function upload(
  o: ResolvedFsServiceOptions,
  requests: AsyncIterable<UploadRequest>,
  ctx: HandlerContext,
): Promise<MessageInitShape<typeof UploadResponseSchema>> {
  let path: Buffer = Buffer.alloc(0);
  let file: AtomicFile | undefined;
  // The stream may stall after an abort; drop the temporary file right away.
  const onAbort = () => file?.discard();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const req of requests) {
      if (file === undefined) {
        if (req.path === "" && req.pathBytes.length === 0) {
          throw invalidArgument("the first upload message must carry a path");
        }
        path = resolvePath(o.workspaceDir, req);
        file = AtomicFile.create(path, 0o644, workspaceRoom(o, req.workspaceQuota));
      }
      if (file.size + req.data.length > o.maxUploadBytes) {
        throw resourceExhausted(`upload exceeds ${o.maxUploadBytes} bytes: ${shown(path)}`);
      }
      file.write(req.data);
    }
    if (file === undefined) {
      throw invalidArgument("the upload carried no message");
    }
    file.commit();
    return { path: shown(path), size: BigInt(file.size) };
  } catch (err) {
    file?.discard();
    throw toConnectError(err, path);
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
  }
}
