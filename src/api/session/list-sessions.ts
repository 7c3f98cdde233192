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

export const listSessions =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["listSessions"] =>
  async (req) => {
    const statuses = req.status.flatMap((s) => statusRowName(s) ?? []);
    const sessions = (await ctx.sessions.list(statuses)).map(toSessionMessage);
    const wantIdle = req.status.length === 0 || req.status.includes(SessionStatus.POOL_IDLE);
    if (req.includePool && wantIdle) sessions.push(...ctx.pool.readyEntries().map(toPoolMessage));
    return create(ListSessionsResponseSchema, { sessions });
  };

function toPoolMessage({ entry, readyAt }: { entry: PoolEntry; readyAt: number }): Session {
  return create(SessionSchema, {
    id: entry.id,
    image: entry.image,
    status: SessionStatus.POOL_IDLE,
    cwd: "/workspace",
    createdAt: timestampFromMs(readyAt),
    containerId: entry.containerId,
    pooled: true,
  });
}
