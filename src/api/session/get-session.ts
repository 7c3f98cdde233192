import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  GetSessionResponseSchema,
  type SessionService,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";
import { toSessionMessage } from "../../sessions/session-view.js";

export const getSession =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["getSession"] =>
  async (req) =>
    create(GetSessionResponseSchema, { session: toSessionMessage(await ctx.sessions.get(req.id)) });
