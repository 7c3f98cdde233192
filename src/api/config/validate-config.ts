import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type ConfigService,
  ValidateConfigResponseSchema,
} from "../../../gen/sandkasten/v1/config_pb.js";
import type { AppContext } from "../../context.js";
import { checkAgainstRunning } from "./check.js";

export const validateConfig =
  (ctx: AppContext): ServiceImpl<typeof ConfigService>["validateConfig"] =>
  async (req) => {
    const checked = checkAgainstRunning(ctx, req.candidate?.valuesJson ?? {});
    return create(ValidateConfigResponseSchema, {
      valid: checked.problems.length === 0,
      errors: checked.problems,
      restartRequired: checked.changed.filter((s) => !s.live).map((s) => s.key),
    });
  };
