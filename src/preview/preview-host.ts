import type { IncomingHttpHeaders } from "node:http";
import { type PreviewTarget, splitQuery, takeToken } from "./preview-target.js";

/** The name the request was sent to: HTTP/2's :authority or HTTP/1's Host, without its port. */
export function requestHostName(headers: IncomingHttpHeaders): string | undefined {
  const host = headers[":authority"] ?? headers.host;
  if (typeof host !== "string") return undefined;
  return host.replace(/:\d*$/, "").toLowerCase();
}

/**
 * The target of a request in the host form, "{port}-{session id}.{domain}"
 * (preview.domain): the path goes to the sandbox's server unchanged, only
 * the preview token taken out of the query. Undefined when the domain is
 * off or the Host is none of its previews; "bad-port" when the port is no port.
 */
export function hostPreviewTarget(
  headers: IncomingHttpHeaders,
  url: string,
  domain: string,
): PreviewTarget | "bad-port" | undefined {
  if (domain === "") return undefined;
  const name = requestHostName(headers);
  const suffix = `.${domain.toLowerCase().replace(/\.$/, "")}`;
  if (name === undefined || !name.endsWith(suffix)) return undefined;
  const m = /^([^.-]+)-([^.]+)$/.exec(name.slice(0, -suffix.length));
  if (!m) return undefined;
  const port = /^\d{1,5}$/.test(m[1] as string) ? Number(m[1]) : 0;
  if (port < 1 || port > 65535) return "bad-port";
  const { path, search } = splitQuery(url);
  const { kept, token } = takeToken(search);
  return {
    sessionId: m[2] as string,
    port,
    path: `${path.startsWith("/") ? path : `/${path}`}${kept}`,
    token,
    prefix: "",
    form: "host",
  };
}

/** The host-form origin of a session's port, e.g. "http://8000-s123.preview.example.com". */
export function previewHostOrigin(
  scheme: string,
  sessionId: string,
  port: number,
  domain: string,
): string {
  return `${scheme}://${port}-${sessionId}.${domain.replace(/\.$/, "")}`;
}
