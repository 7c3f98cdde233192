import type { MessageInitShape } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { UploadRequest, UploadResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { AtomicFile } from "./atomic-file.js";
import { invalidArgument, resourceExhausted, toConnectError } from "./errors.js";
import type { ResolvedFsServiceOptions } from "./options.js";
import { resolvePath } from "./paths.js";

export async function upload(
  o: ResolvedFsServiceOptions,
  requests: AsyncIterable<UploadRequest>,
  ctx: HandlerContext,
): Promise<MessageInitShape<typeof UploadResponseSchema>> {
  let path = "";
  let file: AtomicFile | undefined;
  // The stream may stall after an abort; drop the temporary file right away.
  const onAbort = () => file?.discard();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const req of requests) {
      if (file === undefined) {
        if (req.path === "") {
          throw invalidArgument("the first upload message must carry a path");
        }
        path = resolvePath(o.workspaceDir, req.path);
        file = AtomicFile.create(path, 0o644);
      }
      if (file.size + req.data.length > o.maxUploadBytes) {
        throw resourceExhausted(`upload exceeds ${o.maxUploadBytes} bytes: ${path}`);
      }
      file.write(req.data);
    }
    if (file === undefined) {
      throw invalidArgument("the upload carried no message");
    }
    file.commit();
    return { path, size: BigInt(file.size) };
  } catch (err) {
    file?.discard();
    throw toConnectError(err, path);
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
  }
}
