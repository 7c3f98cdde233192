import { aboveMaximum } from "../errors/limit-errors.js";

/** The request's timeout, or the maximum when it gives none; refused past the maximum. */
export function resolveExecTimeout(requestedMs: number, maxMs: number): number {
  if (requestedMs === 0) return maxMs;
  if (requestedMs > maxMs) {
    throw aboveMaximum("timeout_ms", maxMs, "defaults.max_exec_timeout_ms");
  }
  return requestedMs;
}
