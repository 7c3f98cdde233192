import { DomainError } from "../errors/domain-error.js";

/** A tenant's quota, named as the key sets it, and how much of it is used. */
export function quotaExceeded(
  tenant: string,
  quota: "max_sessions" | "max_workspaces" | "max_memory_mb",
  limit: number,
  detail: string,
): DomainError {
  return new DomainError(
    "exhausted",
    `tenant ${tenant} is at its quota: ${quota} is ${limit}, ${detail}`,
    { reason: "QUOTA_EXCEEDED" },
  );
}

/**
 * Workspace ids are one name space across tenants (like bucket names): an
 * id another tenant holds can't be created, and nothing more is said of it.
 */
export function workspaceTaken(id: string): DomainError {
  return new DomainError("already_exists", `workspace id ${id} is taken; choose another`, {
    reason: "WORKSPACE_TAKEN",
  });
}

export function adminOnly(what: string): DomainError {
  return new DomainError(
    "permission_denied",
    `${what} needs an admin key (this key's role is user)`,
    { reason: "ADMIN_ONLY" },
  );
}
