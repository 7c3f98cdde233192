import type { RestContext } from "./context.js";
import { type FileTarget, reachTarget } from "./file-target.js";
import { lastName, queryPath } from "./fs-path.js";
import { sendDataStream } from "./send-data-stream.js";

export function downloadFile(target: FileTarget, ctx: RestContext): Promise<void> {
  const { rpcs, id } = reachTarget(target, ctx);
  const path = queryPath(ctx.query);
  return sendDataStream(ctx, rpcs.download({ ...id, ...path }, ctx.callOptions), {
    contentType: "application/octet-stream",
    filename: lastName(path),
    what: "download",
    from: { [target.kind]: ctx.params.id },
  });
}
