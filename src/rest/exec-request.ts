import { optionalBoolean, optionalString, optionalUint32 } from "./body-fields.js";
import type { JsonObject } from "./json-body.js";
import { atMost, type Lowered } from "./lowered.js";

export const EXEC_STREAM_FIELDS = ["cmd", "timeout_ms", "raw_output"] as const;
/** Unary exec also takes background and on_timeout (jobs). */
export const EXEC_FIELDS = [...EXEC_STREAM_FIELDS, "background", "on_timeout"] as const;

// The body of POST /v1/sessions/{id}/exec and /exec/stream.
export interface ExecBody {
  cmd: string;
  timeoutMs: number;
  rawOutput: boolean;
  background: boolean;
  onTimeout: string;
}

/** The body, with a timeout_ms past the maximum lowered to it (noted in `lowered`). */
export function readExecBody(body: JsonObject, maxTimeoutMs: number, lowered: Lowered): ExecBody {
  return {
    cmd: optionalString(body, "cmd") ?? "",
    timeoutMs: atMost(optionalUint32(body, "timeout_ms") ?? 0, maxTimeoutMs, "timeout_ms", lowered),
    rawOutput: optionalBoolean(body, "raw_output") ?? false,
    background: optionalBoolean(body, "background") ?? false,
    onTimeout: optionalString(body, "on_timeout") ?? "",
  };
}
