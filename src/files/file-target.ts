import type { AppContext } from "../context.js";
import type { Principal } from "../tenants/principal.js";
import type { FileBackend } from "./file-backend.js";
import { RunnerFileBackend } from "./runner-file-backend.js";
import { WsfsFileBackend } from "./wsfs-file-backend.js";

/** Whose files a request is about. */
export type FileTarget = { session: string } | { workspace: string };

/**
 * The backend that reaches a target's files. The caller is who a write
 * creates a missing workspace for.
 */
export function fileBackend(
  ctx: Pick<AppContext, "sessions" | "workspaces">,
  target: FileTarget,
  caller: Principal,
): FileBackend {
  return "session" in target
    ? new RunnerFileBackend(ctx, target.session)
    : new WsfsFileBackend(ctx.workspaces, target.workspace, caller);
}
