import type { Reason } from "./reasons.js";

/**
 * What went wrong, in the domain's words. The API boundary gives each kind
 * its wire code (see api/errors/to-connect.ts).
 */
export type DomainErrorKind =
  | "invalid" // the request itself is wrong (a bad id, a value out of bounds)
  | "not_found"
  | "already_exists"
  | "failed_precondition" // right request, wrong state (a session not running)
  | "exhausted" // a quota or a limit is used up
  | "permission_denied"
  | "unavailable" // try again: the engine or a runner is away for now
  | "canceled"
  | "internal"; // a bug or a broken answer; the message says which

/**
 * An error the daemon's own code raises: a kind, a message for the caller,
 * and a reason for clients that tell cases apart.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  readonly reason: Reason | undefined;

  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    options: { reason?: Reason; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason;
  }
}
