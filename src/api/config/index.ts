import type { ServiceImpl } from "@connectrpc/connect";
import type { ConfigService } from "../../../gen/sandkasten/v1/config_pb.js";
import type { AppContext } from "../../context.js";
import { getConfig } from "./get-config.js";
import { getDaemonStatus } from "./get-daemon-status.js";
import { updateConfig } from "./update-config.js";
import { validateConfig } from "./validate-config.js";

export const configService = (ctx: AppContext): ServiceImpl<typeof ConfigService> => ({
  getConfig: getConfig(ctx),
  validateConfig: validateConfig(ctx),
  updateConfig: updateConfig(ctx),
  getDaemonStatus: getDaemonStatus(ctx),
});
