import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Checks `Authorization: Bearer <key>` against the configured keys in
 * constant time whatever their lengths: both sides are hashed to 32 bytes
 * first, and every key is compared, matching or not.
 */
export function createApiKeyCheck(
  keys: readonly string[],
): (authorization: string | undefined) => boolean {
  const digests = keys.filter((k) => k.length > 0).map(digest);
  if (digests.length === 0) return () => true;
  return (authorization) => {
    const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
    const offered = digest(match?.[1] ?? "");
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, offered) || ok;
    return ok && match !== null;
  };
}
