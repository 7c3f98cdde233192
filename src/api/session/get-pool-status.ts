import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  GetPoolStatusResponseSchema,
  type SessionService,
} from "../../../gen/sandkasten/v1/session_pb.js";
import type { AppContext } from "../../context.js";

export const getPoolStatus =
  (ctx: AppContext): ServiceImpl<typeof SessionService>["getPoolStatus"] =>
  async () =>
    create(GetPoolStatusResponseSchema, {
      enabled: ctx.pool.enabled,
      images: ctx.pool.status().map((s) => ({
        image: s.image,
        target: s.target,
        ready: s.ready,
        creating: s.creating,
        hits: BigInt(s.hits),
        misses: BigInt(s.misses),
        takeP50Ms: s.takeP50Ms,
        takeP95Ms: s.takeP95Ms,
      })),
    });
