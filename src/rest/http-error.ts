import type { OutgoingHttpHeaders } from "node:http";

// An error the gateway answers itself, with this status and message.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: OutgoingHttpHeaders = {},
    // Machine-readable particulars, answered as "details".
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}
