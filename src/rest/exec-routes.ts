import type { RestContext, RestRoute } from "./context.js";
import { readExecBody } from "./exec-request.js";
import { execStream } from "./exec-stream-route.js";
import { readJsonObject } from "./json-body.js";
import { sendJson } from "./respond.js";

export const execRoutes: readonly RestRoute[] = [
  { method: "POST", path: "/v1/sessions/:id/exec", handle: exec },
  { method: "POST", path: "/v1/sessions/:id/exec/stream", handle: execStream },
];

async function exec(ctx: RestContext): Promise<void> {
  const body = readExecBody(await readJsonObject(ctx.req, ctx.maxBodyBytes));
  const result = await ctx.clients.exec.exec(
    { sessionId: ctx.params.id, ...body },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, {
    exit_code: result.exitCode,
    cwd: result.cwd,
    output: result.output,
    truncated: result.truncated,
    duration_ms: Number(result.durationMs),
    timed_out: result.timedOut,
    shell_restarted: result.shellRestarted,
  });
}
