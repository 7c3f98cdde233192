import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type ConfigService,
  GetConfigResponseSchema,
} from "../../../gen/sandkasten/v1/config_pb.js";
import { configOrigin } from "../../config/config-origin.js";
import { describeConfig } from "../../config/describe-config.js";
import type { AppContext } from "../../context.js";
import { toConfigEntry } from "./config-entry.js";

export const getConfig =
  (ctx: AppContext): ServiceImpl<typeof ConfigService>["getConfig"] =>
  async () => {
    const origin = configOrigin(ctx.config);
    return create(GetConfigResponseSchema, {
      entries: describeConfig(ctx.config, origin).map(toConfigEntry),
      configFile: origin.file ?? "",
    });
  };
