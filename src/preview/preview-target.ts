/** Where a preview request goes: a session's port, and the path and query for its server. */
export interface PreviewTarget {
  sessionId: string;
  port: number;
  /** The path after /ports/{port} (at least "/") and the query, the preview token left out. */
  path: string;
  /** The preview token from the query, if any. */
  token: string | undefined;
  /** The URL prefix the sandbox's server is seen under ("" in the host form). */
  prefix: string;
  /** How the request named the target: by its path, or by its Host (preview-host.ts). */
  form: "path" | "host";
}

/** The query parameter a preview token may come in (a browser can't send a header). */
export const TOKEN_PARAMETER = "sandkasten_token";
/** The header a preview token may come in. */
export const TOKEN_HEADER = "x-sandkasten-preview-token";

const PREVIEW_PATH = /^\/v1\/sessions\/([^/?#]+)\/ports\/([^/?#]+)(\/[^?#]*)?$/;

/** The target of a preview URL; undefined when it is none, "bad-port" when the port is no port. */
export function previewTarget(url: string): PreviewTarget | "bad-port" | undefined {
  const { path, search } = splitQuery(url);
  const m = PREVIEW_PATH.exec(path);
  if (!m) return undefined;
  const port = /^\d{1,5}$/.test(m[2] as string) ? Number(m[2]) : 0;
  if (port < 1 || port > 65535) return "bad-port";
  const sessionId = safeDecode(m[1] as string);
  const { kept, token } = takeToken(search);
  return {
    sessionId,
    port,
    path: `${m[3] ?? "/"}${kept}`,
    token,
    prefix: `/v1/sessions/${m[1]}/ports/${port}`,
    form: "path",
  };
}

/** A query without the preview token ("" or "?..."), and the token if there was one. */
export function takeToken(search: string): { kept: string; token: string | undefined } {
  let token: string | undefined;
  const kept = search
    .split("&")
    .filter((pair) => {
      if (pair === "") return false;
      const [name = "", value = ""] = pair.split("=", 2);
      if (safeDecode(name) !== TOKEN_PARAMETER) return true;
      token ??= safeDecode(value);
      return false;
    })
    .join("&");
  return { kept: kept === "" ? "" : `?${kept}`, token };
}

export function splitQuery(url: string): { path: string; search: string } {
  const mark = url.indexOf("?");
  return mark === -1
    ? { path: url, search: "" }
    : { path: url.slice(0, mark), search: url.slice(mark + 1) };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    return part;
  }
}
