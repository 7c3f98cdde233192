import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  GetSessionStatsResponseSchema,
  type SessionService,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";

export const getSessionStats =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["getSessionStats"] =>
  async (req) =>
    create(GetSessionStatsResponseSchema, await ctx.sessions.stats(req.id));
