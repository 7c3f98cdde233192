import { type Job, JobStatus } from "../../gen/sandkasten/v1/job_pb.js";
import type { CappedText } from "../exec/capped-text.js";
import { callOptionsFor, type SandboxApi } from "./clients.js";
import { ExecOutput } from "./exec-output.js";
import { MAX_EXEC_OUTPUT_CHARS } from "./limits.js";

/** Longest a collect may go on past its wait, should the kept output be slow to come. */
const KEPT_GRACE_MS = 10_000;

export interface CollectedJobOutput {
  /** The job's state afterwards. */
  job: Job;
  output: CappedText;
  /** Where in the job's whole output the text starts and ends (bytes). */
  fromByte: number;
  nextByte: number;
}

/**
 * A job's output so far from byte `fromByte` on (the ring may hold less:
 * the oldest is dropped), read by attaching; then waits up to `waitMs` for
 * it to end. Never waits for a job that runs on past that.
 */
export async function collectJobOutput(
  api: SandboxApi,
  target: { sessionId: string; jobId: string },
  options: { fromByte: number; waitMs: number; signal: AbortSignal },
): Promise<CollectedJobOutput> {
  const calls = callOptionsFor(api, options.signal);
  const before = await api.jobs.getJob(target, calls);
  // All of this much was written before the attach: it comes as the kept output.
  const soFar = Number(before.job?.outputBytes ?? 0);
  const stop = new AbortController();
  const follow = () => stop.abort();
  options.signal.addEventListener("abort", follow, { once: true });
  const deadline = Date.now() + options.waitMs;
  let position = 0;
  let first: number | undefined;
  const output = new ExecOutput(MAX_EXEC_OUTPUT_CHARS);
  const waited = setTimeout(() => {
    if (position >= soFar) stop.abort();
  }, options.waitMs);
  const giveUp = setTimeout(() => stop.abort(), options.waitMs + KEPT_GRACE_MS);
  let ended: Job | undefined;
  try {
    for await (const { event } of api.jobs.attachJob(target, { ...calls, signal: stop.signal })) {
      if (event.case === "droppedBytes") position += Number(event.value);
      if (event.case === "output") {
        const data = event.value.data;
        const skip = Math.max(0, Math.min(data.length, options.fromByte - position));
        if (skip < data.length) {
          first ??= position + skip;
          output.push(data.subarray(skip));
        }
        position += data.length;
        if (position >= soFar && Date.now() >= deadline) break;
      }
      if (event.case === "ended") ended = event.value;
    }
  } catch (err) {
    if (options.signal.aborted || !stop.signal.aborted) throw err;
  } finally {
    clearTimeout(waited);
    clearTimeout(giveUp);
    options.signal.removeEventListener("abort", follow);
    stop.abort();
  }
  output.end();
  const job = ended ?? (await api.jobs.getJob(target, calls)).job;
  if (job === undefined) throw new Error("the daemon answered without a job");
  const start = first ?? Math.max(position, options.fromByte);
  return { job, output: output.result(), fromByte: start, nextByte: Math.max(position, start) };
}

export const isRunning = (job: Job) => job.status === JobStatus.RUNNING;
