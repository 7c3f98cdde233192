import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiKeyRow, ApiKeysRepo } from "./api-keys-repo.js";
import type { ConfiguredKey } from "./config-keys.js";
import { bearerKey, hashApiKey } from "./key-format.js";
import { DEFAULT_ADMIN, type Principal } from "./principal.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** How long a stored key's lookup is reused: a revoke takes effect within it. */
const STORED_KEY_CACHE_MS = 1000;

/**
 * Who sends `Authorization: Bearer <key>`: a key of sandkasten.yaml (compared
 * in constant time, every one of them) or one `sandkasten keys create` stored
 * hashed. Without configured keys the daemon is keyless (loopback only) and
 * every caller is the default tenant's admin.
 */
export class Authenticator {
  private readonly configured: { digest: Buffer; principal: Principal }[];
  private readonly cache = new Map<string, { principal: Principal | undefined; at: number }>();

  constructor(
    keys: readonly ConfiguredKey[],
    private readonly stored: ApiKeysRepo,
  ) {
    this.configured = keys.map((k) => ({ digest: digest(k.key), principal: k.principal }));
  }

  get keyless(): boolean {
    return this.configured.length === 0;
  }

  /** The caller, or undefined when the key is missing, wrong or revoked. */
  async principalFor(authorization: string | undefined): Promise<Principal | undefined> {
    if (this.keyless) return DEFAULT_ADMIN;
    const key = bearerKey(authorization);
    if (key === undefined) return undefined;
    const offered = digest(key);
    let found: Principal | undefined;
    for (const k of this.configured) {
      if (timingSafeEqual(k.digest, offered) && !found) found = k.principal;
    }
    return found ?? this.storedPrincipal(key);
  }

  private async storedPrincipal(key: string): Promise<Principal | undefined> {
    const hash = hashApiKey(key);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && now - cached.at < STORED_KEY_CACHE_MS) return cached.principal;
    const row = await this.stored.findActive(hash);
    const principal = row ? principalOf(row) : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, at: now });
    return principal;
  }
}

export function principalOf(row: ApiKeyRow): Principal {
  return {
    tenant: row.tenant,
    role: row.role === "admin" ? "admin" : "user",
    quotas: {
      maxSessions: row.max_sessions,
      maxWorkspaces: row.max_workspaces,
      maxMemoryMb: row.max_memory_mb,
    },
  };
}
