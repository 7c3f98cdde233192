import { optionalString, optionalStringMap, optionalUint32 } from "./body-fields.js";
import { HttpError } from "./http-error.js";
import type { JsonObject } from "./json-body.js";
import { textOrBase64 } from "./text-or-base64.js";

/** The body of POST /v1/sessions/{id}/pty. */
export interface OpenPtyBody {
  cols: number;
  rows: number;
  command: string[];
  env: Record<string, string>;
  cwd: string;
}

export function readOpenPtyBody(body: JsonObject): OpenPtyBody {
  return {
    cols: optionalUint32(body, "cols") ?? 80,
    rows: optionalUint32(body, "rows") ?? 24,
    command: optionalStringArray(body, "command") ?? [],
    env: optionalStringMap(body, "env") ?? {},
    cwd: optionalString(body, "cwd") ?? "",
  };
}

/** The bytes of POST .../pty/{pty_id}/input: `text` or `data_base64`. */
export function readPtyInput(body: JsonObject): Uint8Array {
  return textOrBase64(body, "data_base64");
}

/** The size of POST .../pty/{pty_id}/resize. */
export function readPtySize(body: JsonObject): { cols: number; rows: number } {
  const cols = optionalUint32(body, "cols");
  const rows = optionalUint32(body, "rows");
  if (cols === undefined || rows === undefined)
    throw new HttpError(400, "cols and rows are required");
  return { cols, rows };
}

function optionalStringArray(body: JsonObject, name: string): string[] | undefined {
  const value = Object.hasOwn(body, name) ? body[name] : undefined;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new HttpError(400, `${name} must be an array of strings`);
  }
  return value;
}
