import { decodeBase64 } from "./base64.js";
import { optionalString } from "./body-fields.js";
import { HttpError } from "./http-error.js";
import type { JsonObject } from "./json-body.js";

/** Bytes a body gives as `text` (UTF-8) or as base64 in `base64Field`: exactly one of them. */
export function textOrBase64(body: JsonObject, base64Field: string): Uint8Array {
  const text = optionalString(body, "text");
  const base64 = optionalString(body, base64Field);
  if (text !== undefined && base64 !== undefined) {
    throw new HttpError(400, `give either text or ${base64Field}, not both`);
  }
  if (text !== undefined) return Buffer.from(text, "utf8");
  if (base64 !== undefined) return decodeBase64(base64, base64Field);
  throw new HttpError(400, `text or ${base64Field} is required`);
}
