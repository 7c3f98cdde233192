import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** What every line logged while a request is served, and every span of it, carries. */
export interface RequestContext {
  requestId: string;
  /** The request's URL (path and query), to tell which route took it. */
  url: string;
}

export const REQUEST_ID_HEADER = "x-request-id";

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` as part of the request `context` (and whatever it starts, awaited or not). */
export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The request being served here, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

// Printable ASCII without spaces, quotes or backslashes: safe in a header,
// a log line and a span attribute. Long enough for a UUID, a W3C trace id or
// an upstream proxy's id.
const ACCEPTED = /^[A-Za-z0-9._:/+=@-]{1,128}$/;

/** The client's x-request-id when it is acceptable, else a fresh one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && ACCEPTED.test(header) ? header : randomUUID();
}
