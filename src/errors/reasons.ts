import { DomainError } from "./domain-error.js";

/** The cases clients tell apart, sent as an ErrorReason detail (see api/errors/reason-detail.ts). */
export type Reason =
  | "SESSION_NOT_FOUND"
  | "SESSION_EXPIRED"
  | "SESSION_DESTROYED"
  | "SESSION_FAILED"
  | "SESSION_NOT_READY"
  | "WORKSPACE_NOT_FOUND"
  | "WORKSPACE_MISSING"
  | "INVALID_IMAGE"
  | "WORKSPACE_TAKEN"
  | "QUOTA_EXCEEDED"
  | "ADMIN_ONLY";

export function sessionNotFound(id: string): DomainError {
  return new DomainError("not_found", `session ${id} not found`, { reason: "SESSION_NOT_FOUND" });
}

const NOT_RUNNING: Record<string, Reason> = {
  expired: "SESSION_EXPIRED",
  destroyed: "SESSION_DESTROYED",
  failed: "SESSION_FAILED",
  creating: "SESSION_NOT_READY",
};

/** A session that exists but can't take the call in its state. */
export function sessionNotRunning(id: string, status: string, detail = ""): DomainError {
  return new DomainError("failed_precondition", `session ${id} is ${status}${detail}`, {
    reason: NOT_RUNNING[status] ?? "SESSION_NOT_READY",
  });
}

export function workspaceNotFound(id: string): DomainError {
  return new DomainError("not_found", `workspace ${id} not found`, {
    reason: "WORKSPACE_NOT_FOUND",
  });
}
