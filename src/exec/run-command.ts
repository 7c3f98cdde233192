import { create } from "@bufbuild/protobuf";
import {
  ExecStreamRequestSchema,
  type ExecStreamResponse,
  ExecStreamResponseSchema,
  OutputStream,
} from "../../gen/sandkasten/v1/exec_pb.js";
import type { AppContext } from "../context.js";
import { DomainError } from "../errors/domain-error.js";
import { checkRunnerAnswer } from "../runner-client/check-answer.js";
import { resolveExecTimeout } from "./exec-timeout.js";

export interface RunCommand {
  sessionId: string;
  cmd: string;
  timeoutMs: number;
  combineOutput: boolean;
}

/** Beyond the command's own timeout, how long the daemon waits for the runner to report. */
const RUNNER_GRACE_MS = 15_000;

/**
 * Runs one command in a session's shell through its runner, passing events
 * on as they come (the caller's pace sets the command's pace). Every event
 * is checked before it is passed on; started comes first and ended last.
 */
export async function* runCommand(
  ctx: AppContext,
  c: RunCommand,
  signal: AbortSignal,
): AsyncGenerator<ExecStreamResponse> {
  const timeoutMs = resolveExecTimeout(c.timeoutMs, ctx.config.defaults.max_exec_timeout_ms);
  const runner = await ctx.sessions.runner(c.sessionId);
  const request = create(ExecStreamRequestSchema, {
    cmd: c.cmd,
    timeoutMs,
    combineOutput: c.combineOutput,
  });
  let phase: "before" | "running" | "ended" = "before";
  let stdoutBytes = 0;
  let stderrBytes = 0;
  try {
    const events = runner.exec.execStream(request, {
      signal,
      timeoutMs: timeoutMs + RUNNER_GRACE_MS,
    });
    for await (const event of events) {
      checkRunnerAnswer(ExecStreamResponseSchema, event);
      const kind = event.event.case;
      if (phase === "ended" || (phase === "before") !== (kind === "started")) {
        throw new DomainError("internal", `the runner sent ${kind} out of order`);
      }
      if (kind === "started") phase = "running";
      if (event.event.case === "output") {
        if (event.event.value.stream === OutputStream.STDERR)
          stderrBytes += event.event.value.data.length;
        else stdoutBytes += event.event.value.data.length;
      }
      if (event.event.case === "ended") {
        phase = "ended";
        // Counted here, not taken from the runner.
        event.event.value.stdoutBytes = BigInt(stdoutBytes);
        event.event.value.stderrBytes = BigInt(stderrBytes);
        await ctx.sessions.recordActivity(c.sessionId, event.event.value.cwd);
      }
      yield event;
    }
    if (phase !== "ended")
      throw new DomainError("unavailable", "the runner ended the stream early");
  } catch (err) {
    if (signal.aborted) throw new DomainError("canceled", "the exec was canceled");
    throw await ctx.sessions.runnerFailed(c.sessionId, err);
  }
}
