import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CreateSessionResponseSchema,
  type SessionService,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";
import { toSessionMessage } from "../../sessions/session-view.js";

export const createSession =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["createSession"] =>
  async (req) => {
    const row = await ctx.sessions.create({
      image: req.image,
      ttlSeconds: req.ttlSeconds,
      workspaceId: req.workspaceId,
      env: req.env,
      limits: req.limits,
    });
    return create(CreateSessionResponseSchema, { session: toSessionMessage(row) });
  };
