import { DomainError } from "./domain-error.js";

// One wording for every limit a request can pass: the request's field, the
// bound, and the setting that sets it (if one does).

export function aboveMaximum(field: string, max: number | bigint, setting?: string): DomainError {
  return new DomainError(
    "invalid",
    `${field} must be at most ${max}${setting === undefined ? "" : ` (${setting})`}`,
  );
}

export function belowMinimum(field: string, min: number | bigint): DomainError {
  return new DomainError("invalid", `${field} must be at least ${min}`);
}
