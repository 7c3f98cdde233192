import { Code, ConnectError } from "@connectrpc/connect";

/** The request's timeout, or the maximum when it gives none; refused past the maximum. */
export function resolveExecTimeout(requestedMs: number, maxMs: number): number {
  if (requestedMs === 0) return maxMs;
  if (requestedMs > maxMs) {
    throw new ConnectError(
      `timeout_ms ${requestedMs} exceeds the maximum ${maxMs} (defaults.max_exec_timeout_ms)`,
      Code.InvalidArgument,
    );
  }
  return requestedMs;
}
