import { WatchEventKind, type WatchFilesResponse } from "../../gen/sandkasten/v1/watch_pb.js";
import type { RestContext, RestRoute } from "./context.js";
import { optionalQueryBoolean, queryString } from "./query-params.js";
import { describeError, errorBody } from "./respond.js";
import { sseEvent, sseHeaders, sseKeepalive } from "./sse.js";
import { writeWithBackpressure } from "./write-stream.js";

export const watchRoutes: readonly RestRoute[] = [
  {
    method: "GET",
    path: "/v1/sessions/:id/watch",
    query: ["path", "recursive"],
    handle: watchFiles,
  },
];

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/**
 * GET /v1/sessions/{id}/watch?path=…&recursive=true: file events as SSE,
 * one event per change named after its kind (ready, created, modified,
 * deleted, renamed, overflow). Closing the response ends the watch.
 */
async function watchFiles(ctx: RestContext): Promise<void> {
  const { watch } = ctx.clients;
  const request = {
    sessionId: ctx.params.id,
    path: queryString(ctx.query, "path"),
    recursive: optionalQueryBoolean(ctx.query, "recursive") ?? false,
  };
  const events = watch.watchFiles(request, ctx.callOptions)[Symbol.asyncIterator]();
  const keepalive = setInterval(() => {
    if (!ctx.res.writableNeedDrain) ctx.res.write(sseKeepalive);
  }, KEEPALIVE_MS);
  try {
    // Wait for ready, so that a missing path or session still gets a plain JSON error status.
    let next = await events.next();
    ctx.res.writeHead(200, sseHeaders);
    ctx.res.flushHeaders?.();
    try {
      while (!next.done) {
        const { name, data } = watchEventJson(next.value);
        // The next event is pulled only once the client took this one.
        if (!(await writeWithBackpressure(ctx.res, sseEvent(name, data), ctx.signal))) return;
        next = await events.next();
      }
    } catch (err) {
      if (ctx.signal.aborted) return;
      ctx.log("watch stream failed after it started", {
        session: ctx.params.id,
        error: String(err),
      });
      await writeWithBackpressure(
        ctx.res,
        sseEvent("error", errorBody(describeError(err))),
        ctx.signal,
      );
    }
    ctx.res.end();
  } finally {
    clearInterval(keepalive);
    // Not awaited: after an abort the call may still be busy inside.
    events.return?.()?.catch(() => {});
  }
}

function watchEventJson(e: WatchFilesResponse): { name: string; data: Record<string, unknown> } {
  const name = (WatchEventKind[e.kind] ?? "unspecified").toLowerCase();
  return {
    name,
    data: {
      kind: name,
      path: e.path,
      ...(e.kind === WatchEventKind.RENAMED ? { old_path: e.oldPath } : {}),
      is_dir: e.isDir,
    },
  };
}
