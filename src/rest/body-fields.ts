import { HttpError } from "./http-error.js";
import type { JsonObject } from "./json-body.js";

// Readers for optional fields of a JSON body: a missing field or null gives
// undefined, a value of the wrong type a 400 naming the field.

const MAX_UINT32 = 0xffff_ffff;

function fieldValue(body: JsonObject, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

export function optionalString(body: JsonObject, name: string): string | undefined {
  const value = fieldValue(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new HttpError(400, `${name} must be a string`);
  return value;
}

export function optionalBoolean(body: JsonObject, name: string): boolean | undefined {
  const value = fieldValue(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw new HttpError(400, `${name} must be true or false`);
  return value;
}

export function optionalUint32(body: JsonObject, name: string): number | undefined {
  const value = fieldValue(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_UINT32) {
    throw new HttpError(400, `${name} must be an integer from 0 to ${MAX_UINT32}`);
  }
  return value;
}

export function optionalNumber(body: JsonObject, name: string): number | undefined {
  const value = fieldValue(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw new HttpError(400, `${name} must be a number`);
  return value;
}

export function optionalStringList(body: JsonObject, name: string): string[] | undefined {
  const value = fieldValue(body, name);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new HttpError(400, `${name} must be a list of strings`);
  }
  return value as string[];
}

export function optionalStringMap(
  body: JsonObject,
  name: string,
): Record<string, string> | undefined {
  const value = fieldValue(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, `${name} must be an object of strings`);
  }
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== "string") throw new HttpError(400, `${name}.${key} must be a string`);
    map[key] = entry;
  }
  return map;
}
