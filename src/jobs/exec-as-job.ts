import { create } from "@bufbuild/protobuf";
import {
  type ExecRequest,
  type ExecResponse,
  ExecResponseSchema,
} from "../../gen/sandkasten/v1/exec_pb.js";
import type { Job } from "../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../context.js";
import { DomainError } from "../errors/domain-error.js";
import { cappedText } from "../exec/capped-text.js";
import { resolveExecTimeout } from "../exec/exec-timeout.js";
import { OutputWindow } from "../exec/output-window.js";
import { attachJob } from "./attach-job.js";
import { checkedJob, jobCall } from "./job-calls.js";

/**
 * Exec with `background` (answers the job at once) or `on_timeout: detach`:
 * the command runs as a job from the start, and the call waits for it up to
 * its timeout; one still running then is left running and answered with its
 * job_id, timed_out and the output so far (exit_code -1).
 */
export async function execAsJob(
  ctx: AppContext,
  req: ExecRequest,
  signal: AbortSignal,
): Promise<ExecResponse> {
  const started = Date.now();
  const { job } = await jobCall(ctx, req.sessionId, (runner, options) =>
    runner.jobs.startJob({ cmd: req.cmd }, options),
  );
  const { id, cwd } = checkedJob(job);
  if (req.background) return create(ExecResponseSchema, { jobId: id, cwd, exitCode: -1 });
  const timeoutMs = resolveExecTimeout(req.timeoutMs, ctx.config.defaults.max_exec_timeout_ms);
  const timeout = AbortSignal.timeout(timeoutMs);
  const { max_bytes, head_bytes } = ctx.config.exec_output;
  const window = new OutputWindow(max_bytes, head_bytes);
  let ended: Job | undefined;
  try {
    const events = attachJob(
      ctx,
      { sessionId: req.sessionId, jobId: id, skipKept: false },
      AbortSignal.any([signal, timeout]),
    );
    for await (const e of events) {
      if (e.event.case === "output") window.push(e.event.value.data);
      if (e.event.case === "ended") ended = e.event.value;
    }
  } catch (err) {
    if (signal.aborted) throw new DomainError("canceled", "the exec was canceled");
    if (!timeout.aborted) throw err;
  }
  const output = cappedText(window, req.rawOutput);
  return create(ExecResponseSchema, {
    exitCode: ended ? ended.exitCode : -1,
    cwd,
    output: output.text,
    truncated: output.truncated,
    outputBytes: BigInt(output.totalBytes),
    omittedBytes: BigInt(output.omittedBytes),
    headBytes: BigInt(output.headBytes),
    tailBytes: BigInt(output.tailBytes),
    durationMs: BigInt(Date.now() - started),
    timedOut: !ended,
    jobId: id,
  });
}
