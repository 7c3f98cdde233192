import type { IncomingHttpHeaders } from "node:http";

/**
 * The cookie a browser keeps a preview token in for the host form: set on
 * the one preview host (no Domain attribute), so it never reaches another
 * session's, another port's, or the daemon's own name.
 */
export const PREVIEW_COOKIE = "sandkasten_preview";

/** The preview token in the request's cookie, if any. */
export function cookieToken(headers: IncomingHttpHeaders): string | undefined {
  for (const pair of cookiePairs(headers.cookie)) {
    const mark = pair.indexOf("=");
    if (mark !== -1 && pair.slice(0, mark).trim() === PREVIEW_COOKIE) {
      return pair.slice(mark + 1).trim();
    }
  }
  return undefined;
}

/** The Cookie header without the preview cookie (undefined when nothing is left). */
export function withoutPreviewCookie(cookie: string | string[] | undefined): string | undefined {
  const kept = cookiePairs(cookie).filter((pair) => {
    const mark = pair.indexOf("=");
    return (mark === -1 ? pair : pair.slice(0, mark)).trim() !== PREVIEW_COOKIE;
  });
  return kept.length === 0 ? undefined : kept.join("; ");
}

/** Set-Cookie for a token good until `expiresAt` (seconds since the epoch). */
export function previewCookie(token: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, expiresAt - Math.floor(Date.now() / 1000));
  return [
    `${PREVIEW_COOKIE}=${token}`,
    `Max-Age=${maxAge}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

function cookiePairs(cookie: string | string[] | undefined): string[] {
  return [cookie ?? []]
    .flat()
    .flatMap((line) => line.split(";"))
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "");
}
