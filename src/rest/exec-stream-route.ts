import type { RestContext } from "./context.js";
import { createExecEventEncoder } from "./exec-event-encoder.js";
import { readExecBody } from "./exec-request.js";
import { HttpError } from "./http-error.js";
import { type Lowered, loweredHeaders } from "./lowered.js";
import { describeError, errorBody } from "./respond.js";
import { sseEvent, sseHeaders } from "./sse.js";
import { writeWithBackpressure } from "./write-stream.js";

export async function execStream(ctx: RestContext): Promise<void> {
  const lowered: Lowered = {};
  const { cmd, timeoutMs, rawOutput } = readExecBody(
    await ctx.body(),
    ctx.maxima.execTimeoutMs,
    lowered,
  );
  const events = ctx.clients.exec
    .execStream({ sessionId: ctx.params.id, cmd, timeoutMs, combineOutput: false }, ctx.callOptions)
    [Symbol.asyncIterator]();
  try {
    // Wait for the first event so that an error before it (unknown session,
    // bad request) still gets a plain JSON error status.
    let next = await events.next();
    ctx.res.writeHead(200, { ...sseHeaders, ...loweredHeaders(lowered) });
    ctx.res.flushHeaders?.();
    const encoder = createExecEventEncoder(rawOutput);
    try {
      while (!next.done) {
        const text = encoder.encode(next.value);
        // The next event is pulled only once the client took this one.
        if (text !== "" && !(await writeWithBackpressure(ctx.res, text, ctx.signal))) return;
        // Read on after the result too: only the stream's own end finishes the
        // call for the handlers (and for the shutdown drain's count).
        next = await events.next();
      }
      if (!encoder.ended) {
        throw new HttpError(502, "the command's output ended without a result");
      }
    } catch (err) {
      if (ctx.signal.aborted) return;
      const answer = describeError(err);
      ctx.log("exec stream failed after it started", {
        session: ctx.params.id,
        error: String(err),
      });
      await writeWithBackpressure(ctx.res, sseEvent("error", errorBody(answer)), ctx.signal);
    }
    ctx.res.end();
  } finally {
    // Not awaited: after an abort the call may still be busy inside.
    events.return?.()?.catch(() => {});
  }
}
