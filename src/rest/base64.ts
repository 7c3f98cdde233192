import { HttpError } from "./http-error.js";

// Standard or URL-safe alphabet, padding optional, line breaks allowed.
const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function decodeBase64(text: string, field: string): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  const unpaddedLength = compact.replace(/=+$/, "").length;
  const padded = compact.length !== unpaddedLength;
  if (
    !base64Pattern.test(compact) ||
    unpaddedLength % 4 === 1 ||
    (padded && compact.length % 4 !== 0)
  ) {
    throw new HttpError(400, `${field} is not valid base64`);
  }
  return Buffer.from(compact, "base64");
}
