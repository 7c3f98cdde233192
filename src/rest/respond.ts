import type { OutgoingHttpHeaders } from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import { reasonOf } from "../api/errors/reason-detail.js";
import { toConnectError } from "../api/errors/to-connect.js";
import { DomainError } from "../errors/domain-error.js";
import { errorCodeFor, errorCodeForStatus, statusByReason } from "./error-codes.js";
import { HttpError } from "./http-error.js";
import type { RestResponse } from "./http-types.js";
import { withRestFieldNames } from "./rest-field-names.js";
import { httpStatusForCode } from "./status-codes.js";

export function sendJson(
  res: RestResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export interface ErrorAnswer {
  status: number;
  message: string;
  // A name for the case, e.g. SESSION_EXPIRED; and its particulars, if any.
  errorCode: string;
  details?: Record<string, unknown>;
  headers: OutgoingHttpHeaders;
  // An error in the gateway itself rather than one the services reported.
  unexpected: boolean;
}

export function describeError(err: unknown): ErrorAnswer {
  if (err instanceof HttpError) {
    return {
      status: err.status,
      message: err.message,
      errorCode: errorCodeForStatus(err.status),
      ...(err.details === undefined ? {} : { details: err.details }),
      headers: err.headers,
      unexpected: false,
    };
  }
  if (err instanceof DomainError) return describeError(toConnectError(err));
  if (err instanceof ConnectError) {
    const reason = reasonOf(err);
    return {
      status: (reason && statusByReason[reason]) ?? httpStatusForCode(err.code),
      message:
        err.code === Code.InvalidArgument ? withRestFieldNames(err.rawMessage) : err.rawMessage,
      errorCode: errorCodeFor(err.code, reason),
      headers: {},
      unexpected: false,
    };
  }
  return {
    status: 500,
    message: "internal error",
    errorCode: "INTERNAL_ERROR",
    headers: {},
    unexpected: true,
  };
}

/**
 * The JSON body of an error: `error` as the seed's clients read it, and the
 * original's structured form beside it.
 */
export function errorBody(answer: ErrorAnswer): Record<string, unknown> {
  return {
    error: answer.message,
    error_code: answer.errorCode,
    message: answer.message,
    ...(answer.details === undefined ? {} : { details: answer.details }),
  };
}
