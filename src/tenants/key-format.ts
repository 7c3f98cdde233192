import { createHash, randomBytes } from "node:crypto";

/** A new API key: "skt_" and 32 random bytes, base64url. */
export function newApiKey(): string {
  return `skt_${randomBytes(32).toString("base64url")}`;
}

/** A short id to name and revoke a key by: "key_" and 8 hex digits. */
export function newKeyId(): string {
  return `key_${randomBytes(4).toString("hex")}`;
}

/** How a stored key is kept: its SHA-256, hex. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The key offered in `Authorization: Bearer <key>`, or undefined. */
export function bearerKey(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  return match?.[1];
}
