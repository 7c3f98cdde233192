import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ListSessionsResponseSchema,
  type Session,
  SessionSchema,
  type SessionService,
  SessionStatus,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";
import type { PoolEntry } from "../../pool/pool-manager.js";
import { statusRowName, toSessionMessage } from "../../sessions/session-view.js";
import { canSee, principalKey } from "../../tenants/principal.js";

export const listSessions =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["listSessions"] =>
  async (req, hc) => {
    const viewer = hc.values.get(principalKey);
    const statuses = req.status.flatMap((s) => statusRowName(s) ?? []);
    const rows = await ctx.sessions.list(statuses);
    const sessions = rows.filter((row) => canSee(viewer, row.tenant)).map(toSessionMessage);
    const wantIdle = req.status.length === 0 || req.status.includes(SessionStatus.POOL_IDLE);
    // The pool's containers are the daemon's, not a tenant's.
    if (req.includePool && wantIdle && viewer.role === "admin")
      sessions.push(...ctx.pool.readyEntries().map(toPoolMessage));
    return create(ListSessionsResponseSchema, { sessions });
  };

function toPoolMessage({ entry, readyAt }: { entry: PoolEntry; readyAt: number }): Session {
  return create(SessionSchema, {
    id: entry.id,
    image: entry.image,
    status: SessionStatus.POOL_IDLE,
    cwd: "/workspace",
    createdAt: timestampFromMs(readyAt),
    containerId: entry.sandbox.id,
    pooled: true,
  });
}
