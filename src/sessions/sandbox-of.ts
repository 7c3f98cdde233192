import type { Sandbox } from "../runtime/runtime.js";
import type { SessionRow } from "../store/sessions-repo.js";

/** A session's sandbox as its row keeps it. */
export function sandboxOf(row: SessionRow): Sandbox {
  return {
    sessionId: row.id,
    id: row.container_id,
    socketDir: row.socket_dir,
    pooled: row.pooled === 1,
  };
}
