import type { RestContext, RestRoute } from "./context.js";
import { EXEC_FIELDS, readExecBody } from "./exec-request.js";
import { execStream } from "./exec-stream-route.js";
import { sendJson } from "./respond.js";

export const execRoutes: readonly RestRoute[] = [
  { method: "POST", path: "/v1/sessions/:id/exec", body: EXEC_FIELDS, handle: exec },
  {
    method: "POST",
    path: "/v1/sessions/:id/exec/stream",
    body: EXEC_FIELDS,
    handle: execStream,
  },
];

async function exec(ctx: RestContext): Promise<void> {
  const body = readExecBody(await ctx.body());
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
    output_bytes: Number(result.outputBytes),
    ...(result.truncated
      ? {
          omitted_bytes: Number(result.omittedBytes),
          head_bytes: Number(result.headBytes),
          tail_bytes: Number(result.tailBytes),
        }
      : {}),
  });
}
