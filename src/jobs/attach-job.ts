import { Code, ConnectError } from "@connectrpc/connect";
import { type AttachJobResponse, AttachJobResponseSchema } from "../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../context.js";
import { checkRunnerAnswer } from "../runner-client/check-answer.js";

/**
 * A job's output from its runner, each event checked, until the job's
 * `ended` (always last) or the caller's signal.
 */
export async function* attachJob(
  ctx: AppContext,
  a: { sessionId: string; jobId: string; skipKept: boolean },
  signal: AbortSignal,
): AsyncGenerator<AttachJobResponse> {
  const runner = await ctx.sessions.runner(a.sessionId);
  try {
    let ended = false;
    for await (const event of runner.jobs.attachJob(
      { jobId: a.jobId, skipKept: a.skipKept },
      { signal },
    )) {
      checkRunnerAnswer(AttachJobResponseSchema, event);
      if (ended) throw new ConnectError("the runner sent events after a job's end", Code.Internal);
      ended = event.event.case === "ended";
      yield event;
    }
    if (!ended && !signal.aborted) {
      throw new ConnectError("the runner ended the job's stream early", Code.Unavailable);
    }
  } catch (err) {
    if (signal.aborted) throw new ConnectError("the attach was canceled", Code.Canceled);
    throw await ctx.sessions.runnerFailed(a.sessionId, err);
  }
}
