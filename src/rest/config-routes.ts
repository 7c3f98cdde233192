import { Code, ConnectError } from "@connectrpc/connect";
import { CONFIG_BODY_MAX_BYTES } from "../limits.js";
import { withoutUnchangedShadowed } from "./config-candidate.js";
import { candidateFromBody, configToJson, keyErrorsToJson } from "./config-json.js";
import type { RestContext, RestRoute } from "./context.js";
import { sendJson } from "./respond.js";

export const configRoutes: readonly RestRoute[] = [
  { method: "GET", path: "/api/config", handle: getConfig },
  { method: "PUT", path: "/api/config", body: "any", handle: updateConfig },
  { method: "POST", path: "/api/config/validate", body: "any", handle: validateConfig },
];

async function getConfig(ctx: RestContext): Promise<void> {
  const res = await ctx.clients.config.getConfig({}, ctx.callOptions);
  sendJson(ctx.res, 200, configToJson(res));
}

async function readCandidate(ctx: RestContext): Promise<Record<string, string>> {
  const body = await ctx.body(Math.min(ctx.maxBodyBytes, CONFIG_BODY_MAX_BYTES));
  const candidate = candidateFromBody(body);
  const running = await ctx.clients.config.getConfig({}, ctx.callOptions);
  return withoutUnchangedShadowed(candidate, running.entries);
}

async function validateConfig(ctx: RestContext): Promise<void> {
  const valuesJson = await readCandidate(ctx);
  const res = await ctx.clients.config.validateConfig(
    { candidate: { valuesJson } },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, {
    valid: res.valid,
    errors: keyErrorsToJson(res.errors),
    restart_required: res.restartRequired,
  });
}

async function updateConfig(ctx: RestContext): Promise<void> {
  const valuesJson = await readCandidate(ctx);
  try {
    const res = await ctx.clients.config.updateConfig(
      { candidate: { valuesJson } },
      ctx.callOptions,
    );
    sendJson(ctx.res, 200, {
      ok: true,
      applied: res.applied,
      restart_required: res.restartRequired,
      config_file: res.configFile,
    });
  } catch (err) {
    if (!(err instanceof ConnectError) || err.code !== Code.InvalidArgument) throw err;
    await refuseCandidate(ctx, valuesJson, err);
  }
}

/**
 * UpdateConfig's error lists the wrong keys in one message; ValidateConfig
 * gives them one by one. A candidate the contract itself refuses (a key
 * that is no setting name at all) fails ValidateConfig as well: answer with
 * UpdateConfig's own error then.
 */
async function refuseCandidate(
  ctx: RestContext,
  valuesJson: Record<string, string>,
  refusal: ConnectError,
): Promise<void> {
  const check = await ctx.clients.config
    .validateConfig({ candidate: { valuesJson } }, ctx.callOptions)
    .catch(() => undefined);
  sendJson(ctx.res, 400, {
    error: refusal.rawMessage,
    errors: check === undefined ? [] : keyErrorsToJson(check.errors),
  });
}
