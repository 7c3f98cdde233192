import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type ConfigService,
  UpdateConfigResponseSchema,
} from "../../../gen/sandkasten/v1/config_pb.js";
import { applyLive } from "../../config/apply-live.js";
import { configOrigin } from "../../config/config-origin.js";
import type { Config } from "../../config/load.js";
import { saveConfigFile } from "../../config/save-config-file.js";
import type { AppContext } from "../../context.js";
import { checkAgainstRunning } from "./check.js";

/** One update at a time per running configuration: each builds on the file the last one wrote. */
const updates = new WeakMap<Config, Promise<unknown>>();

function oneAtATime<T>(config: Config, work: () => Promise<T>): Promise<T> {
  const result = (updates.get(config) ?? Promise.resolve()).then(work, work);
  updates.set(
    config,
    result.catch(() => {}),
  );
  return result;
}

export const updateConfig =
  (ctx: AppContext): ServiceImpl<typeof ConfigService>["updateConfig"] =>
  (req) =>
    oneAtATime(ctx.config, async () => {
      const file = configOrigin(ctx.config).file;
      if (!file) {
        throw new ConnectError(
          "the daemon was started without a config file, so there is nothing to save to: start it with --config FILE",
          Code.FailedPrecondition,
        );
      }
      const checked = checkAgainstRunning(ctx, req.candidate?.valuesJson ?? {});
      if (checked.problems.length > 0 || !checked.next) {
        const list = checked.problems.map((p) => (p.key ? `${p.key}: ${p.message}` : p.message));
        throw new ConnectError(`invalid configuration: ${list.join("; ")}`, Code.InvalidArgument);
      }
      await saveConfigFile(
        file,
        checked.writes.map((w) => ({ path: w.setting.path, value: w.value })),
      );
      const applied = applyLive(ctx.config, checked.next, checked.changed);
      ctx.log.info("configuration saved", {
        file,
        applied,
        restart: checked.changed.length - applied.length,
      });
      return create(UpdateConfigResponseSchema, {
        applied,
        restartRequired: checked.changed.filter((s) => !s.live).map((s) => s.key),
        configFile: file,
      });
    });
