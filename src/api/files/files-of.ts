import type { HandlerContext } from "@connectrpc/connect";
import type { AppContext } from "../../context.js";
import type { FileBackend } from "../../files/file-backend.js";
import { type FileTarget, fileBackend } from "../../files/file-target.js";
import { principalKey } from "../../tenants/principal.js";

/** The files of the target a request names, on behalf of its caller. */
export function filesOf(ctx: AppContext, target: FileTarget, hc: HandlerContext): FileBackend {
  return fileBackend(ctx, target, hc.values.get(principalKey));
}
