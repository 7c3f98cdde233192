import { Code, ConnectError } from "@connectrpc/connect";
import { type CheckedCandidate, checkCandidate } from "../../config/candidate.js";
import { configOrigin } from "../../config/config-origin.js";
import { ConfigError } from "../../config/load.js";
import type { AppContext } from "../../context.js";

/** checkCandidate for a handler: a config file that no longer loads is a precondition failure. */
export function checkAgainstRunning(
  ctx: AppContext,
  candidate: Record<string, string>,
): CheckedCandidate {
  try {
    return checkCandidate(ctx.config, configOrigin(ctx.config), candidate);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConnectError(err.message, Code.FailedPrecondition);
    throw err;
  }
}
