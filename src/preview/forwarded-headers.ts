import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { withoutPreviewCookie } from "./preview-cookie.js";
import { type PreviewTarget, TOKEN_HEADER } from "./preview-target.js";

// Headers that belong to one hop, not to the request passed on.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authorization",
  "proxy-authenticate",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "http2-settings",
]);

/** Never passed to the sandbox: the daemon's credentials. */
const CREDENTIALS = new Set(["authorization", TOKEN_HEADER]);

/**
 * A page the sandbox serves under the daemon's path runs in an origin of its
 * own (an opaque one), so its scripts can't read the dashboard's storage or
 * call the daemon's API with the browser's standing on the daemon's origin.
 * The host form has an origin of its own already (and an opaque one would
 * keep its SameSite cookie off the page's own requests).
 */
export const SANDBOX_POLICY =
  "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads";

/**
 * The request's headers for the sandbox's server: no hop-by-hop headers, no
 * credentials (the preview cookie neither), Host as the server would see it
 * locally, and the daemon's own name and the prefix in X-Forwarded-*.
 */
export function requestHeadersFor(
  headers: IncomingHttpHeaders,
  target: PreviewTarget,
  keepUpgrade = false,
): OutgoingHttpHeaders {
  const named = listedInConnection(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(":") || name === "host" || CREDENTIALS.has(name)) {
      continue;
    }
    if (name === "cookie") {
      const kept = withoutPreviewCookie(value);
      if (kept !== undefined) out.cookie = kept;
      continue;
    }
    const hopByHop = HOP_BY_HOP.has(name) || named.has(name);
    if (hopByHop && !(keepUpgrade && (name === "connection" || name === "upgrade"))) continue;
    out[name] = value;
  }
  const host = headers[":authority"] ?? headers.host;
  out.host = `localhost:${target.port}`;
  if (typeof host === "string") out["x-forwarded-host"] = host;
  out["x-forwarded-proto"] = "http";
  if (target.prefix !== "") out["x-forwarded-prefix"] = target.prefix;
  return out;
}

/** The server's answer headers for the client: no hop-by-hop headers, and the sandbox policy in the path form. */
export function responseHeadersFor(
  headers: IncomingHttpHeaders,
  target: PreviewTarget,
): Record<string, string | string[]> {
  const named = listedInConnection(headers);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  }
  if (target.form === "host") return out;
  const theirs = headers["content-security-policy"];
  const policies = theirs === undefined ? [] : [theirs].flat();
  out["content-security-policy"] = [...policies, SANDBOX_POLICY];
  return out;
}

function listedInConnection(headers: IncomingHttpHeaders): Set<string> {
  return new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ""),
  );
}
