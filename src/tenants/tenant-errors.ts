import { Code, type ConnectError } from "@connectrpc/connect";
import { reasonedError } from "../errors/reasons.js";

/** A tenant's quota, named as the key sets it, and how much of it is used. */
export function quotaExceeded(
  tenant: string,
  quota: "max_sessions" | "max_workspaces" | "max_memory_mb",
  limit: number,
  detail: string,
): ConnectError {
  return reasonedError(
    `tenant ${tenant} is at its quota: ${quota} is ${limit}, ${detail}`,
    Code.ResourceExhausted,
    "QUOTA_EXCEEDED",
  );
}

/**
 * Workspace ids are one name space across tenants (like bucket names): an
 * id another tenant holds can't be created, and nothing more is said of it.
 */
export function workspaceTaken(id: string): ConnectError {
  return reasonedError(
    `workspace id ${id} is taken; choose another`,
    Code.AlreadyExists,
    "WORKSPACE_TAKEN",
  );
}

export function adminOnly(what: string): ConnectError {
  return reasonedError(
    `${what} needs an admin key (this key's role is user)`,
    Code.PermissionDenied,
    "ADMIN_ONLY",
  );
}
