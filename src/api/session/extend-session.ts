import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ExtendSessionResponseSchema,
  type SessionService,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";
import { toSessionMessage } from "../../sessions/session-view.js";

export const extendSession =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["extendSession"] =>
  async (req) =>
    create(ExtendSessionResponseSchema, {
      session: toSessionMessage(await ctx.sessions.extend(req.id, req.ttlSeconds)),
    });
