import type { OutgoingHttpHeaders } from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
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
  headers: OutgoingHttpHeaders;
  // An error in the gateway itself rather than one the services reported.
  unexpected: boolean;
}

export function describeError(err: unknown): ErrorAnswer {
  if (err instanceof HttpError) {
    return { status: err.status, message: err.message, headers: err.headers, unexpected: false };
  }
  if (err instanceof ConnectError) {
    return {
      status: httpStatusForCode(err.code),
      message:
        err.code === Code.InvalidArgument ? withRestFieldNames(err.rawMessage) : err.rawMessage,
      headers: {},
      unexpected: false,
    };
  }
  return { status: 500, message: "internal error", headers: {}, unexpected: true };
}
