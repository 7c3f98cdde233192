import { Code, ConnectError } from "@connectrpc/connect";
import { shown } from "./byte-paths.js";

// Each errno with the code that says what it means for the caller: the
// file system's state (FailedPrecondition), the caller's rights
// (PermissionDenied), a bad name (InvalidArgument), or a full disk.
// native/wsfs/errors.go maps the same errnos the same way.
const errnoCodes = new Map<string, readonly [Code, string]>([
  ["ENOENT", [Code.NotFound, "no such file or directory"]],
  ["EACCES", [Code.PermissionDenied, "permission denied"]],
  ["EPERM", [Code.PermissionDenied, "operation not permitted"]],
  ["EROFS", [Code.FailedPrecondition, "read-only file system"]],
  ["EEXIST", [Code.AlreadyExists, "file exists"]],
  ["EISDIR", [Code.FailedPrecondition, "is a directory"]],
  ["ENOTDIR", [Code.FailedPrecondition, "not a directory"]],
  ["ENOTEMPTY", [Code.FailedPrecondition, "directory not empty"]],
  ["EBUSY", [Code.FailedPrecondition, "device or resource busy"]],
  ["ETXTBSY", [Code.FailedPrecondition, "text file busy"]],
  ["ENXIO", [Code.FailedPrecondition, "no such device or address"]],
  ["EXDEV", [Code.FailedPrecondition, "invalid cross-device link"]],
  ["ELOOP", [Code.FailedPrecondition, "too many levels of symbolic links"]],
  ["ENAMETOOLONG", [Code.InvalidArgument, "file name too long"]],
  ["EINVAL", [Code.InvalidArgument, "invalid argument"]],
  ["ENOSPC", [Code.ResourceExhausted, "no space left on device"]],
  ["EDQUOT", [Code.ResourceExhausted, "disk quota exceeded"]],
  ["EFBIG", [Code.ResourceExhausted, "file too large"]],
  ["EMLINK", [Code.ResourceExhausted, "too many links"]],
  ["EMFILE", [Code.ResourceExhausted, "too many open files"]],
  ["ENFILE", [Code.ResourceExhausted, "too many open files in system"]],
]);

export function errnoOf(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** An error shaped like the ones node:fs throws, for conditions detected without a syscall. */
export function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/**
 * Maps an error thrown by node:fs to a ConnectError naming `path`. Unknown
 * errors become Internal with a generic message; the original stays in
 * `cause` for server-side logging and is never sent to the client.
 */
export function toConnectError(err: unknown, path: string | Buffer): ConnectError {
  if (err instanceof ConnectError) {
    return err;
  }
  const where = typeof path === "string" ? path : shown(path);
  const code = errnoOf(err);
  const mapped = code === undefined ? undefined : errnoCodes.get(code);
  if (mapped !== undefined) {
    return new ConnectError(`${mapped[1]}: ${where}`, mapped[0], undefined, undefined, err);
  }
  const detail = code !== undefined && /^E[A-Z0-9]+$/.test(code) ? ` (${code})` : "";
  return new ConnectError(
    `file operation failed${detail}: ${where}`,
    Code.Internal,
    undefined,
    undefined,
    err,
  );
}

export function invalidArgument(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

export function failedPrecondition(message: string): ConnectError {
  return new ConnectError(message, Code.FailedPrecondition);
}

export function resourceExhausted(message: string): ConnectError {
  return new ConnectError(message, Code.ResourceExhausted);
}
