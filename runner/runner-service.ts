import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { RunnerService } from "../gen/sandkasten/v1/runner_pb.js";

/**
 * Activate starts the shell of a container made ahead of time for the pool,
 * with the session's variables, once the daemon has given it its workspace.
 */
export function createRunnerService(
  activate: (env: Record<string, string>) => boolean,
): ServiceImpl<typeof RunnerService> {
  return {
    activate(req) {
      if (!activate(req.env)) {
        throw new ConnectError("this runner's shell is already running", Code.FailedPrecondition);
      }
      return {};
    },
  };
}
