import { optionalBoolean, optionalString, optionalUint32 } from "./body-fields.js";
import type { JsonObject } from "./json-body.js";

export const EXEC_FIELDS = ["cmd", "timeout_ms", "raw_output"] as const;

// The body of POST /v1/sessions/{id}/exec and /exec/stream.
export interface ExecBody {
  cmd: string;
  timeoutMs: number;
  rawOutput: boolean;
}

export function readExecBody(body: JsonObject): ExecBody {
  return {
    cmd: optionalString(body, "cmd") ?? "",
    timeoutMs: optionalUint32(body, "timeout_ms") ?? 0,
    rawOutput: optionalBoolean(body, "raw_output") ?? false,
  };
}
