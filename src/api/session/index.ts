import type { ServiceImpl } from "@connectrpc/connect";
import type { SessionService } from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";
import { createSession } from "./create-session.js";
import { destroySession } from "./destroy-session.js";
import { extendSession } from "./extend-session.js";
import { getPoolStatus } from "./get-pool-status.js";
import { getSession } from "./get-session.js";
import { getSessionStats } from "./get-session-stats.js";
import { listSessions } from "./list-sessions.js";

export const sessionService = (ctx: AppContext): ServiceImpl<typeof SessionService> => ({
  createSession: createSession(ctx),
  getSession: getSession(ctx),
  listSessions: listSessions(ctx),
  destroySession: destroySession(ctx),
  extendSession: extendSession(ctx),
  getPoolStatus: getPoolStatus(ctx),
  getSessionStats: getSessionStats(ctx),
});
