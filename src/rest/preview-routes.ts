import { previewHostOrigin } from "../preview/preview-host.js";
import { TOKEN_PARAMETER } from "../preview/preview-target.js";
import {
  mintPreviewToken,
  PREVIEW_TOKEN_DEFAULT_TTL_SECONDS,
  PREVIEW_TOKEN_MAX_TTL_SECONDS,
} from "../preview/preview-token.js";
import { requestScheme } from "../preview/request-scheme.js";
import { optionalUint32 } from "./body-fields.js";
import type { RestContext, RestRoute } from "./context.js";
import { HttpError } from "./http-error.js";
import { sendJson } from "./respond.js";

export const previewRoutes: readonly RestRoute[] = [
  {
    method: "POST",
    path: "/v1/sessions/:id/preview-tokens",
    body: ["port", "ttl_seconds"],
    handle: createPreviewToken,
  },
];

/**
 * A token for one port of the session (preview-token.ts), for clients that
 * can't send the key; with preview.domain set, the host-form URL too.
 */
async function createPreviewToken(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const port = optionalUint32(body, "port");
  if (port === undefined || port < 1 || port > 65535) {
    throw new HttpError(400, "port must be a port number from 1 to 65535");
  }
  const ttl = optionalUint32(body, "ttl_seconds") ?? PREVIEW_TOKEN_DEFAULT_TTL_SECONDS;
  if (ttl < 1 || ttl > PREVIEW_TOKEN_MAX_TTL_SECONDS) {
    throw new HttpError(400, `ttl_seconds must be from 1 to ${PREVIEW_TOKEN_MAX_TTL_SECONDS}`);
  }
  // The session must be the caller's (another tenant's is 404, as everywhere).
  const { session } = await ctx.clients.sessions.getSession({ id: ctx.params.id }, ctx.callOptions);
  const id = session?.id ?? ctx.params.id;
  const expiresAt = Math.floor(Date.now() / 1000) + ttl;
  const token = mintPreviewToken(id, port, expiresAt);
  const domain = ctx.previewDomain;
  const origin = previewHostOrigin(requestScheme(ctx.req.headers), id, port, domain);
  sendJson(ctx.res, 200, {
    token,
    expires_at: new Date(expiresAt * 1000).toISOString(),
    url: `/v1/sessions/${id}/ports/${port}/?${TOKEN_PARAMETER}=${token}`,
    ...(domain === "" ? {} : { host_url: `${origin}/?${TOKEN_PARAMETER}=${token}` }),
  });
}
