import type { GrpcCall } from "./grpc/call.js";
import { decodeActivateRequest, EMPTY_MESSAGE_FRAME } from "./grpc/runner-messages.js";
import { GrpcError, Status } from "./grpc/status.js";

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

/** The session's variables: at most 256 of up to 32 KiB each (runner.proto), with room to spare. */
const MAX_ACTIVATE_BYTES = 17 << 20;

/** Warm and Activate: a pool container's shell, started ahead of time, then handed over. */
export function runnerService(
  shell: ShellLifecycle,
): Record<string, (call: GrpcCall) => Promise<void>> {
  return {
    async Warm(call) {
      await call.request(1024);
      if (!shell.warm()) {
        throw new GrpcError("this runner's shell is already running", Status.FAILED_PRECONDITION);
      }
      await call.send([EMPTY_MESSAGE_FRAME]);
    },
    async Activate(call) {
      const env = decodeActivateRequest(await call.request(MAX_ACTIVATE_BYTES));
      if (!(await shell.activate(env))) {
        throw new GrpcError(
          "this runner's shell was activated already",
          Status.FAILED_PRECONDITION,
        );
      }
      await call.send([EMPTY_MESSAGE_FRAME]);
    },
  };
}
