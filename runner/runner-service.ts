import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { RunnerService } from "../gen/sandkasten/v1/runner_pb.js";

/** What the daemon can ask of a pool container's shell. */
export interface ShellLifecycle {
  /** Starts the shell without a session's variables; false when it runs already. */
  warm(): boolean;
  /**
   * Gives the shell the session's variables and workspace; false when a
   * session had them already.
   */
  activate(env: Record<string, string>): Promise<boolean>;
}

/** Warm and Activate: a pool container's shell, started ahead of time, then handed over. */
export function createRunnerService(shell: ShellLifecycle): ServiceImpl<typeof RunnerService> {
  return {
    warm() {
      if (!shell.warm()) {
        throw new ConnectError("this runner's shell is already running", Code.FailedPrecondition);
      }
      return {};
    },
    async activate(req) {
      if (!(await shell.activate(req.env))) {
        throw new ConnectError(
          "this runner's shell was activated already",
          Code.FailedPrecondition,
        );
      }
      return {};
    },
  };
}
