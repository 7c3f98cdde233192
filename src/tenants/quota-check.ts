import type { Principal } from "./principal.js";
import { quotaExceeded } from "./tenant-errors.js";

/** What a tenant holds now of what its quotas count. */
export interface TenantUsage {
  liveSessions: number;
  memoryMb: number;
}

/** Refuses one more session of memMb when it would pass a quota of the caller's key. */
export function checkSessionQuota(owner: Principal, usage: TenantUsage, memMb: number): void {
  const { maxSessions, maxMemoryMb } = owner.quotas;
  if (maxSessions > 0 && usage.liveSessions >= maxSessions) {
    throw quotaExceeded(
      owner.tenant,
      "max_sessions",
      maxSessions,
      `and ${usage.liveSessions} sessions run; destroy one first`,
    );
  }
  if (maxMemoryMb > 0 && usage.memoryMb + memMb > maxMemoryMb) {
    throw quotaExceeded(
      owner.tenant,
      "max_memory_mb",
      maxMemoryMb,
      `its sessions hold ${usage.memoryMb} MiB and this one asks for ${memMb}`,
    );
  }
}

export function checkWorkspaceQuota(owner: Principal, workspaces: number): void {
  const { maxWorkspaces } = owner.quotas;
  if (maxWorkspaces > 0 && workspaces >= maxWorkspaces) {
    throw quotaExceeded(
      owner.tenant,
      "max_workspaces",
      maxWorkspaces,
      `and it has ${workspaces} workspaces; delete one first`,
    );
  }
}

export function hasSessionQuota(owner: Principal): boolean {
  return owner.quotas.maxSessions > 0 || owner.quotas.maxMemoryMb > 0;
}
