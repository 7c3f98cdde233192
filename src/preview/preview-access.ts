import type { IncomingHttpHeaders } from "node:http";
import type { AppContext } from "../context.js";
import { canSee } from "../tenants/principal.js";
import { cookieToken } from "./preview-cookie.js";
import { type PreviewTarget, TOKEN_HEADER, TOKEN_PARAMETER } from "./preview-target.js";
import { isValidPreviewToken } from "./preview-token.js";

export type PreviewAccess =
  | { allowed: true }
  | { allowed: false; status: 401 | 404; message: string };

/**
 * Whether a request may reach the target: with an API key whose tenant sees
 * the session, or with a preview token minted for this session and port (in
 * the query, a header, or, in the host form, the preview cookie).
 * Another tenant's session (and one that does not exist) is 404.
 */
export async function previewAccess(
  ctx: AppContext,
  target: PreviewTarget,
  headers: IncomingHttpHeaders,
): Promise<PreviewAccess> {
  const owner = await ctx.owners.session(target.sessionId);
  const notFound: PreviewAccess = {
    allowed: false,
    status: 404,
    message: `session ${target.sessionId} not found`,
  };
  const principal = await ctx.auth.principalFor(headers.authorization);
  if (principal)
    return owner !== undefined && canSee(principal, owner) ? { allowed: true } : notFound;
  const header = headers[TOKEN_HEADER];
  const offered = [
    target.token,
    typeof header === "string" ? header : undefined,
    target.form === "host" ? cookieToken(headers) : undefined,
  ];
  if (
    offered.some((t) => t !== undefined && isValidPreviewToken(t, target.sessionId, target.port))
  ) {
    return owner !== undefined ? { allowed: true } : notFound;
  }
  return {
    allowed: false,
    status: 401,
    message: `missing or invalid API key or preview token (send Authorization: Bearer <key>, ${TOKEN_HEADER}, or ?${TOKEN_PARAMETER}=)`,
  };
}
