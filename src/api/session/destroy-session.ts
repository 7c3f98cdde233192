import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  DestroySessionResponseSchema,
  type SessionService,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";

export const destroySession =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["destroySession"] =>
  async (req) => {
    await ctx.sessions.destroy(req.id);
    return create(DestroySessionResponseSchema, {});
  };
