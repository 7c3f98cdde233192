import { Code, ConnectError } from "@connectrpc/connect";
import { DomainError, type DomainErrorKind } from "../../errors/domain-error.js";
import { reasonDetail } from "./reason-detail.js";

const CODES: Record<DomainErrorKind, Code> = {
  invalid: Code.InvalidArgument,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  failed_precondition: Code.FailedPrecondition,
  exhausted: Code.ResourceExhausted,
  permission_denied: Code.PermissionDenied,
  unavailable: Code.Unavailable,
  canceled: Code.Canceled,
  internal: Code.Internal,
};

/** The ConnectError a client gets for a domain error: its kind's code, its message, its reason. */
export function toConnectError(err: DomainError): ConnectError {
  const details = err.reason === undefined ? [] : [reasonDetail(err.reason)];
  return new ConnectError(err.message, CODES[err.kind], undefined, details, err);
}

/**
 * Any thrown value as a ConnectError: a domain error mapped, a ConnectError
 * (e.g. a runner's) as it is, anything else as ConnectError.from makes it.
 */
export function asConnectError(err: unknown): ConnectError {
  return err instanceof DomainError ? toConnectError(err) : ConnectError.from(err);
}
