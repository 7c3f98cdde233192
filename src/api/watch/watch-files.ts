import type { ServiceImpl } from "@connectrpc/connect";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  WatchEventKind,
  WatchFilesResponseSchema,
  type WatchService,
} from "../../../gen/sandkasten/v1/watch_pb.js";
import type { AppContext } from "../../context.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";
import { runnerWatchClient } from "./runner-watch-client.js";
import { sessionEnded } from "./session-ended.js";

/**
 * Relays the runner's file events at the client's pace: ready first, then
 * each event checked. A session that ends (destroyed, expired) ends the
 * stream cleanly; a runner that fails marks its session failed.
 */
export const watchFiles = (ctx: AppContext): ServiceImpl<typeof WatchService>["watchFiles"] =>
  async function* (req, hc) {
    const runner = await ctx.sessions.runner(req.sessionId);
    const client = runnerWatchClient(runner);
    let ready = false;
    try {
      const events = client.watch.watchFiles({ ...req, sessionId: "" }, { signal: hc.signal });
      for await (const event of events) {
        checkRunnerAnswer(WatchFilesResponseSchema, event);
        if (ready === (event.kind === WatchEventKind.READY)) {
          throw new ConnectError("the runner sent ready out of order", Code.Internal);
        }
        ready = true;
        yield event;
      }
    } catch (err) {
      if (hc.signal.aborted) throw new ConnectError("the watch was canceled", Code.Canceled);
      if (ready && (await sessionEnded(ctx, req.sessionId))) return;
      throw await ctx.sessions.runnerFailed(req.sessionId, err);
    } finally {
      client.close();
    }
  };
