import { Code } from "@connectrpc/connect";
import { asConnectError } from "../api/errors/to-connect.js";
import type { DaemonMetrics } from "./daemon-metrics.js";

// As SessionHealth reads them: a call that ended so lost its runner, for a
// moment or for good; other codes are the runner's answers (NotFound…).
const TRANSPORT = new Set([
  Code.Unavailable,
  Code.Internal,
  Code.Unknown,
  Code.Canceled,
  Code.Aborted,
  Code.DeadlineExceeded,
]);

/** Counts a failed runner call when it failed in transport. */
export const countRunnerFailure =
  (m: DaemonMetrics) =>
  (cause: unknown): void => {
    const { code } = asConnectError(cause);
    if (TRANSPORT.has(code)) m.runnerFailures.inc({ code: Code[code] });
  };
