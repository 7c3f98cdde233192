import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ListSessionsResponseSchema,
  type SessionService,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";
import { statusRowName, toSessionMessage } from "../../sessions/session-view.js";

export const listSessions =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["listSessions"] =>
  async (req) => {
    const statuses = req.status.flatMap((s) => statusRowName(s) ?? []);
    return create(ListSessionsResponseSchema, {
      sessions: (await ctx.sessions.list(statuses)).map(toSessionMessage),
    });
  };
