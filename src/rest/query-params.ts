import { HttpError } from "./http-error.js";

const MAX_UINT64 = 0xffff_ffff_ffff_ffffn;

export function queryString(query: ReadonlyMap<string, string>, name: string): string {
  return query.get(name) ?? "";
}

export function optionalQueryUint64(
  query: ReadonlyMap<string, string>,
  name: string,
): bigint | undefined {
  const value = query.get(name);
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,20}$/.test(value) || BigInt(value) > MAX_UINT64) {
    throw new HttpError(400, `${name} must be a non-negative integer`);
  }
  return BigInt(value);
}

export function optionalQueryBoolean(
  query: ReadonlyMap<string, string>,
  name: string,
): boolean | undefined {
  const value = query.get(name);
  if (value === undefined || value === "") return undefined;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new HttpError(400, `${name} must be true or false`);
}
