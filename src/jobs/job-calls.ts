import { type Job, JobSchema } from "../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../context.js";
import { callRunner } from "../runner-client/call-runner.js";
import { checkRunnerAnswer } from "../runner-client/check-answer.js";
import type { RunnerClient } from "../runner-client/runner-client.js";

/** Deadline for one unary job call to a runner. */
const JOB_CALL_TIMEOUT_MS = 30_000;

/** One unary call to the session's runner's JobService, its Job answers checked. */
export async function jobCall<T>(
  ctx: AppContext,
  sessionId: string,
  call: (runner: RunnerClient, options: { timeoutMs: number }) => Promise<T>,
): Promise<T> {
  const answer = await callRunner(ctx, sessionId, (runner) =>
    call(runner, { timeoutMs: JOB_CALL_TIMEOUT_MS }),
  );
  await ctx.sessions.recordActivity(sessionId);
  return answer;
}

/** A Job from the runner, checked as untrusted input. */
export function checkedJob(job: Job | undefined): Job {
  if (!job) throw new Error("the runner answered without a job");
  checkRunnerAnswer(JobSchema, job);
  return job;
}
