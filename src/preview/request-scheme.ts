import type { IncomingHttpHeaders } from "node:http";

/**
 * The scheme the client used: the first X-Forwarded-Proto a proxy in front
 * set, else http (the daemon itself speaks cleartext only).
 */
export function requestScheme(headers: IncomingHttpHeaders): "http" | "https" {
  const forwarded = [headers["x-forwarded-proto"] ?? []].flat()[0];
  const first = forwarded?.split(",")[0]?.trim().toLowerCase();
  return first === "https" ? "https" : "http";
}
