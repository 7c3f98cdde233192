import { Code } from "@connectrpc/connect";
import type { Reason } from "../errors/reasons.js";

// The `error_code` of a REST error, as the original daemon named them where
// it had a name (SESSION_NOT_FOUND, SESSION_EXPIRED, INVALID_IMAGE,
// COMMAND_TIMEOUT, INVALID_REQUEST, INTERNAL_ERROR, UNAUTHORIZED,
// WORKSPACE_NOT_FOUND), else the gRPC code's name.

const byCode: Record<Code, string> = {
  [Code.Canceled]: "CANCELED",
  [Code.Unknown]: "INTERNAL_ERROR",
  [Code.InvalidArgument]: "INVALID_REQUEST",
  [Code.DeadlineExceeded]: "DEADLINE_EXCEEDED",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.ResourceExhausted]: "RESOURCE_EXHAUSTED",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "ABORTED",
  [Code.OutOfRange]: "OUT_OF_RANGE",
  [Code.Unimplemented]: "UNIMPLEMENTED",
  [Code.Internal]: "INTERNAL_ERROR",
  [Code.Unavailable]: "UNAVAILABLE",
  [Code.DataLoss]: "INTERNAL_ERROR",
  [Code.Unauthenticated]: "UNAUTHORIZED",
};

export function errorCodeFor(code: Code, reason: Reason | undefined): string {
  return reason ?? byCode[code] ?? "INTERNAL_ERROR";
}

/** Statuses that differ from the code's usual one because of the case. */
export const statusByReason: Partial<Record<Reason, number>> = {
  // The original answered 410 Gone for an expired session.
  SESSION_EXPIRED: 410,
  QUOTA_EXCEEDED: 429,
};

const byStatus: Record<number, string> = {
  400: "INVALID_REQUEST",
  401: "UNAUTHORIZED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "TOO_LARGE",
  499: "CANCELED",
  502: "BAD_GATEWAY",
};

/** The error_code of an error the gateway answers itself. */
export function errorCodeForStatus(status: number): string {
  return byStatus[status] ?? (status >= 500 ? "INTERNAL_ERROR" : "INVALID_REQUEST");
}
