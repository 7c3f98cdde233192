import type { RestContext } from "./context.js";
import { HttpError } from "./http-error.js";
import { encodePtyEvent } from "./pty-event-encoder.js";
import { readOpenPtyBody } from "./pty-request.js";
import { describeError, errorBody } from "./respond.js";
import { sseEvent, sseHeaders } from "./sse.js";
import { writeWithBackpressure } from "./write-stream.js";

/**
 * POST /v1/sessions/{id}/pty: opens a terminal and streams it as SSE
 * (opened, output, exited). Closing the response kills the terminal.
 */
export async function openPtyStream(ctx: RestContext): Promise<void> {
  const body = readOpenPtyBody(await ctx.body());
  const events = ctx.clients.pty
    .openPty({ sessionId: ctx.params.id, ...body }, ctx.callOptions)
    [Symbol.asyncIterator]();
  try {
    // Wait for the first event so that an error before it (unknown session,
    // bad request, too many terminals) still gets a plain JSON error status.
    let next = await events.next();
    ctx.res.writeHead(200, sseHeaders);
    ctx.res.flushHeaders?.();
    let exited = false;
    try {
      while (!next.done) {
        exited ||= next.value.event.case === "exited";
        const text = encodePtyEvent(next.value);
        // The next event is pulled only once the client took this one.
        if (text !== "" && !(await writeWithBackpressure(ctx.res, text, ctx.signal))) return;
        next = await events.next();
      }
      if (!exited) throw new HttpError(502, "the terminal's stream ended without exited");
    } catch (err) {
      if (ctx.signal.aborted) return;
      const answer = describeError(err);
      ctx.log("pty stream failed after it opened", { session: ctx.params.id, error: String(err) });
      await writeWithBackpressure(ctx.res, sseEvent("error", errorBody(answer)), ctx.signal);
    }
    ctx.res.end();
  } finally {
    // Not awaited: after an abort the call may still be busy inside.
    events.return?.()?.catch(() => {});
  }
}
