import {
  DEFAULT_ADMIN,
  DEFAULT_TENANT,
  isTenantName,
  type Principal,
  TENANT_RULE,
} from "./principal.js";

/** A key from sandkasten.yaml and whom it stands for. */
export interface ConfiguredKey {
  key: string;
  principal: Principal;
}

const FIELDS = ["key", "tenant", "role", "max_sessions", "max_workspaces", "max_memory_mb"];

/**
 * api_key, and each entry of api_keys: a string (an admin key of the default
 * tenant, as before tenants) or a mapping
 * `{key, tenant, role: admin|user, max_sessions, max_workspaces, max_memory_mb}`.
 * Throws naming the entry and field that are wrong.
 */
export function configuredKeys(apiKey: string, apiKeys: readonly unknown[]): ConfiguredKey[] {
  const keys: ConfiguredKey[] = apiKey ? [{ key: apiKey, principal: DEFAULT_ADMIN }] : [];
  apiKeys.forEach((entry, i) => {
    const at = `api_keys[${i}]`;
    if (typeof entry === "string") {
      if (entry) keys.push({ key: entry, principal: DEFAULT_ADMIN });
      return;
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new Error(`${at} must be a key or a mapping with key, tenant and role`);
    }
    const e = entry as Record<string, unknown>;
    const unknown = Object.keys(e).find((name) => !FIELDS.includes(name));
    if (unknown)
      throw new Error(`${at} has no field ${unknown}; its fields are ${FIELDS.join(", ")}`);
    if (typeof e.key !== "string" || e.key.length < 16) {
      throw new Error(`${at}.key must be a string of at least 16 characters`);
    }
    const tenant = e.tenant ?? DEFAULT_TENANT;
    if (typeof tenant !== "string" || !isTenantName(tenant)) {
      throw new Error(`${at}.tenant ${JSON.stringify(tenant)} is not valid: ${TENANT_RULE}`);
    }
    const role = e.role ?? "user";
    if (role !== "admin" && role !== "user") {
      throw new Error(`${at}.role must be admin or user, not ${JSON.stringify(role)}`);
    }
    const count = (name: string): number => {
      const value = e[name] ?? 0;
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
        throw new Error(`${at}.${name} must be a whole number ≥ 0 (0: no limit)`);
      }
      return value;
    };
    keys.push({
      key: e.key,
      principal: {
        tenant,
        role,
        quotas: {
          maxSessions: count("max_sessions"),
          maxWorkspaces: count("max_workspaces"),
          maxMemoryMb: count("max_memory_mb"),
        },
      },
    });
  });
  return keys;
}
