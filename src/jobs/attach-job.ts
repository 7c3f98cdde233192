import { type AttachJobResponse, AttachJobResponseSchema } from "../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../context.js";
import { DomainError } from "../errors/domain-error.js";
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
      if (ended) throw new DomainError("internal", "the runner sent events after a job's end");
      ended = event.event.case === "ended";
      yield event;
    }
    if (!ended && !signal.aborted) {
      throw new DomainError("unavailable", "the runner ended the job's stream early");
    }
  } catch (err) {
    if (signal.aborted) throw new DomainError("canceled", "the attach was canceled");
    throw await ctx.sessions.runnerFailed(a.sessionId, err);
  }
}
