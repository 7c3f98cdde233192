import { storedApiKey } from "./api-key.js";

/** The query parameter the daemon takes a preview token from. */
const TOKEN_PARAMETER = "sandkasten_token";

/**
 * Mints a preview token for one port of a session (POST
 * /v1/sessions/{id}/preview-tokens, with the tab's API key) and answers the
 * address that opens the port with it, absolute and carrying the token.
 */
export async function previewAddress(sessionId: string, port: number): Promise<string> {
  const key = storedApiKey();
  let res: Response;
  try {
    res = await fetch(`/v1/sessions/${encodeURIComponent(sessionId)}/preview-tokens`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ port }),
      cache: "no-store",
    });
  } catch (err) {
    throw new Error(`The daemon is unreachable: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as {
    token?: string;
    url?: string;
    error?: string;
  };
  if (!res.ok || !body.token || !body.url) {
    throw new Error(body.error ?? `The daemon answered ${res.status} for a preview token.`);
  }
  const address = new URL(body.url, window.location.origin);
  if (!address.searchParams.has(TOKEN_PARAMETER)) {
    address.searchParams.set(TOKEN_PARAMETER, body.token);
  }
  return address.href;
}
