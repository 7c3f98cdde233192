import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  CreateSessionResponseSchema,
  type SessionService,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";
import { toSessionMessage } from "../../sessions/session-view.js";
import { principalKey } from "../../tenants/principal.js";

export const createSession =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["createSession"] =>
  async (req, hc) => {
    const row = await ctx.sessions.create({
      owner: hc.values.get(principalKey),
      image: req.image,
      ttlSeconds: req.ttlSeconds,
      workspaceId: req.workspaceId,
      env: req.env,
      limits: req.limits,
      network: req.network,
      allow: req.allow,
    });
    return create(CreateSessionResponseSchema, { session: toSessionMessage(row) });
  };
