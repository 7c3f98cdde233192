import { createContextKey } from "@connectrpc/connect";

export type Role = "admin" | "user";

/** Limits of one tenant; 0 means none. */
export interface Quotas {
  maxSessions: number;
  maxWorkspaces: number;
  maxMemoryMb: number;
}

/** Who a request comes from: the tenant and role of its API key. */
export interface Principal {
  tenant: string;
  role: Role;
  quotas: Quotas;
}

export const DEFAULT_TENANT = "default";

export const NO_QUOTAS: Quotas = { maxSessions: 0, maxWorkspaces: 0, maxMemoryMb: 0 };

/** A daemon without keys, and its single api_key: the admin of the default tenant. */
export const DEFAULT_ADMIN: Principal = {
  tenant: DEFAULT_TENANT,
  role: "admin",
  quotas: NO_QUOTAS,
};

/** Set by the auth interceptor on every call; handlers read it with ctx.values.get. */
export const principalKey = createContextKey<Principal>(DEFAULT_ADMIN, {
  description: "the caller's tenant and role",
});

export const TENANT_RULE = "tenant names are 1-32 lowercase letters, digits, '-' or '_'";
const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function isTenantName(name: string): boolean {
  return TENANT_PATTERN.test(name);
}

/** Whether the caller may see what this tenant owns. */
export function canSee(principal: Principal, owner: string): boolean {
  return principal.role === "admin" || principal.tenant === owner;
}
