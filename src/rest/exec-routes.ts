import type { RestContext, RestRoute } from "./context.js";
import { EXEC_FIELDS, EXEC_STREAM_FIELDS, readExecBody } from "./exec-request.js";
import { execStream } from "./exec-stream-route.js";
import { type Lowered, loweredField, loweredHeaders } from "./lowered.js";
import { sendJson } from "./respond.js";

export const execRoutes: readonly RestRoute[] = [
  { method: "POST", path: "/v1/sessions/:id/exec", body: EXEC_FIELDS, handle: exec },
  {
    method: "POST",
    path: "/v1/sessions/:id/exec/stream",
    body: EXEC_STREAM_FIELDS,
    handle: execStream,
  },
];

async function exec(ctx: RestContext): Promise<void> {
  const lowered: Lowered = {};
  const body = readExecBody(await ctx.body(), ctx.maxima.execTimeoutMs, lowered);
  const result = await ctx.clients.exec.exec(
    { sessionId: ctx.params.id, ...body },
    ctx.callOptions,
  );
  const answer = {
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
    ...(result.jobId ? { job_id: result.jobId } : {}),
    ...loweredField(lowered),
  };
  // Running on as a job (background, or detached at its timeout): accepted, not failed.
  if (result.jobId && result.exitCode === -1) {
    sendJson(ctx.res, 202, answer, loweredHeaders(lowered));
    return;
  }
  if (!result.timedOut) {
    sendJson(ctx.res, 200, answer, loweredHeaders(lowered));
    return;
  }
  // As the original: a timeout is 504 COMMAND_TIMEOUT; the result is in the body too.
  const timeout = body.timeoutMs === 0 ? ctx.maxima.execTimeoutMs : body.timeoutMs;
  const message = `the command did not finish within timeout_ms ${timeout}; it was stopped`;
  sendJson(
    ctx.res,
    504,
    { ...answer, error: message, error_code: "COMMAND_TIMEOUT", message },
    loweredHeaders(lowered),
  );
}
