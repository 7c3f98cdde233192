import { optionalBoolean, optionalString, optionalUint32 } from "./body-fields.js";
import type { JsonObject } from "./json-body.js";
import { atMost, type Lowered } from "./lowered.js";

export const EXEC_FIELDS = ["cmd", "timeout_ms", "raw_output"] as const;

// The body of POST /v1/sessions/{id}/exec and /exec/stream.
export interface ExecBody {
  cmd: string;
  timeoutMs: number;
  rawOutput: boolean;
}

/** The body, with a timeout_ms past the maximum lowered to it (noted in `lowered`). */
export function readExecBody(body: JsonObject, maxTimeoutMs: number, lowered: Lowered): ExecBody {
  return {
    cmd: optionalString(body, "cmd") ?? "",
    timeoutMs: atMost(optionalUint32(body, "timeout_ms") ?? 0, maxTimeoutMs, "timeout_ms", lowered),
    rawOutput: optionalBoolean(body, "raw_output") ?? false,
  };
}
