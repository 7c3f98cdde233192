import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type ConfigService,
  GetDaemonStatusResponseSchema,
} from "../../../gen/sandkasten/v1/config_pb.js";
import type { AppContext } from "../../context.js";
import { daemonVersion } from "../../daemon-version.js";
import { checkEngine } from "./engine-status.js";

export const getDaemonStatus =
  (ctx: AppContext): ServiceImpl<typeof ConfigService>["getDaemonStatus"] =>
  async () =>
    create(GetDaemonStatusResponseSchema, {
      version: daemonVersion(),
      engine: await checkEngine(ctx.docker),
    });
