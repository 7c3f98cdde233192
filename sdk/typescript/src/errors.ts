import { Code, ConnectError } from "@connectrpc/connect";

/** The gRPC status name of an error, e.g. "not_found", as Connect spells it. */
export type ErrorCode =
  | "canceled"
  | "unknown"
  | "invalid_argument"
  | "deadline_exceeded"
  | "not_found"
  | "already_exists"
  | "permission_denied"
  | "resource_exhausted"
  | "failed_precondition"
  | "aborted"
  | "out_of_range"
  | "unimplemented"
  | "internal"
  | "unavailable"
  | "data_loss"
  | "unauthenticated";

const codeNames: Record<Code, ErrorCode> = {
  [Code.Canceled]: "canceled",
  [Code.Unknown]: "unknown",
  [Code.InvalidArgument]: "invalid_argument",
  [Code.DeadlineExceeded]: "deadline_exceeded",
  [Code.NotFound]: "not_found",
  [Code.AlreadyExists]: "already_exists",
  [Code.PermissionDenied]: "permission_denied",
  [Code.ResourceExhausted]: "resource_exhausted",
  [Code.FailedPrecondition]: "failed_precondition",
  [Code.Aborted]: "aborted",
  [Code.OutOfRange]: "out_of_range",
  [Code.Unimplemented]: "unimplemented",
  [Code.Internal]: "internal",
  [Code.Unavailable]: "unavailable",
  [Code.DataLoss]: "data_loss",
  [Code.Unauthenticated]: "unauthenticated",
};

/** Every error the SDK throws: `code` is the status, `message` the server's text. */
export class SandkastenError extends Error {
  override name = "SandkastenError";
  readonly code: ErrorCode;

  constructor(message: string, code: ErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The session, workspace or path does not exist. */
export class NotFoundError extends SandkastenError {
  override name = "NotFoundError";
}

/** The API key is missing or wrong. */
export class AuthenticationError extends SandkastenError {
  override name = "AuthenticationError";
}

/** The key is valid but may not do this (e.g. an image that is not allowed). */
export class PermissionDeniedError extends SandkastenError {
  override name = "PermissionDeniedError";
}

/** A request field is invalid; the message names it. */
export class InvalidArgumentError extends SandkastenError {
  override name = "InvalidArgumentError";
}

/** The call's deadline passed (a deadline signal, or the server's own). */
export class TimeoutError extends SandkastenError {
  override name = "TimeoutError";
}

/** The call was cancelled through its AbortSignal. */
export class CancelledError extends SandkastenError {
  override name = "CancelledError";
}

/** The daemon (or the session's container) cannot be reached right now. */
export class UnavailableError extends SandkastenError {
  override name = "UnavailableError";
}

/** The target's state forbids this now: it exists already, or is in use. */
export class ConflictError extends SandkastenError {
  override name = "ConflictError";
}

/** A limit was reached: sessions, pool, disk quota or size. */
export class ResourceExhaustedError extends SandkastenError {
  override name = "ResourceExhaustedError";
}

type ErrorClass = new (
  message: string,
  code: ErrorCode,
  options?: { cause?: unknown },
) => SandkastenError;

const classes: Partial<Record<Code, ErrorClass>> = {
  [Code.NotFound]: NotFoundError,
  [Code.Unauthenticated]: AuthenticationError,
  [Code.PermissionDenied]: PermissionDeniedError,
  [Code.InvalidArgument]: InvalidArgumentError,
  [Code.OutOfRange]: InvalidArgumentError,
  [Code.DeadlineExceeded]: TimeoutError,
  [Code.Canceled]: CancelledError,
  [Code.Unavailable]: UnavailableError,
  [Code.AlreadyExists]: ConflictError,
  [Code.FailedPrecondition]: ConflictError,
  [Code.Aborted]: ConflictError,
  [Code.ResourceExhausted]: ResourceExhaustedError,
};

/** The caller's AbortSignal.timeout() fired: a deadline, not a cancellation. */
function deadlinePassed(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (signal.reason as Error | undefined)?.name === "TimeoutError";
}

/**
 * Turns any error from a call into the SandkastenError subclass for its code.
 * `signal` is the one the call was made with: when it was an
 * AbortSignal.timeout(), the cancellation is reported as a TimeoutError.
 */
export function toSandkastenError(err: unknown, signal?: AbortSignal): SandkastenError {
  if (err instanceof SandkastenError) return err;
  const connectError = ConnectError.from(err);
  const code =
    connectError.code === Code.Canceled && deadlinePassed(signal)
      ? Code.DeadlineExceeded
      : connectError.code;
  const ErrorType = classes[code] ?? SandkastenError;
  return new ErrorType(connectError.rawMessage, codeNames[code], { cause: err });
}
