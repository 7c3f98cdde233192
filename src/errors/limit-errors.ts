import { Code, ConnectError } from "@connectrpc/connect";

// One wording for every limit a request can pass: the request's field, the
// bound, and the setting that sets it (if one does).

export function aboveMaximum(field: string, max: number | bigint, setting?: string): ConnectError {
  return new ConnectError(
    `${field} must be at most ${max}${setting === undefined ? "" : ` (${setting})`}`,
    Code.InvalidArgument,
  );
}

export function belowMinimum(field: string, min: number | bigint): ConnectError {
  return new ConnectError(`${field} must be at least ${min}`, Code.InvalidArgument);
}
