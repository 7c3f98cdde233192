import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The daemon's key for preview tokens: random at start-up, so tokens are
 * good until the daemon restarts (or they expire, whichever comes first).
 */
const SECRET = randomBytes(32);

export const PREVIEW_TOKEN_DEFAULT_TTL_SECONDS = 3600;
export const PREVIEW_TOKEN_MAX_TTL_SECONDS = 86_400;

/**
 * A token that lets its bearer reach one port of one session until
 * `expiresAt` (seconds since the epoch): "<expiry>.<HMAC-SHA256 of session,
 * port and expiry, base64url>".
 */
export function mintPreviewToken(sessionId: string, port: number, expiresAt: number): string {
  return `${expiresAt}.${signature(sessionId, port, expiresAt)}`;
}

export function isValidPreviewToken(
  token: string,
  sessionId: string,
  port: number,
  now = Date.now(),
): boolean {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return false;
  const expiresAt = Number(m[1]);
  if (expiresAt * 1000 <= now) return false;
  const expected = Buffer.from(signature(sessionId, port, expiresAt));
  const offered = Buffer.from(m[2] as string);
  return offered.length === expected.length && timingSafeEqual(offered, expected);
}

function signature(sessionId: string, port: number, expiresAt: number): string {
  return createHmac("sha256", SECRET)
    .update(`sandkasten-preview\n${sessionId}\n${port}\n${expiresAt}`)
    .digest("base64url");
}

/** When a token (well-formed or not) says it expires, in seconds since the epoch; 0 if it says nothing. */
export function previewTokenExpiry(token: string): number {
  const m = /^(\d{1,12})\./.exec(token);
  return m ? Number(m[1]) : 0;
}
