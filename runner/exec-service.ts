import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type ExecService,
  type ExecStreamResponse,
  ExecStreamResponseSchema,
  OutputStream,
} from "../gen/sandkasten/v1/exec_pb.js";
import type { PersistentShell, ShellEvent } from "./shell/persistent-shell.js";

export interface ExecServiceOptions {
  defaultTimeoutMs: number;
}

/** The runner's side of ExecService: only the stream; the daemon builds Exec on it. */
export function createExecService(
  shell: () => PersistentShell | undefined,
  o: ExecServiceOptions,
): Partial<ServiceImpl<typeof ExecService>> {
  return {
    async *execStream(req, ctx) {
      const current = shell();
      if (!current) throw new ConnectError("the shell is starting", Code.Unavailable);
      const events = current.run({
        cmd: req.cmd,
        timeoutMs: req.timeoutMs > 0 ? req.timeoutMs : o.defaultTimeoutMs,
        combine: req.combineOutput,
        signal: ctx.signal,
      });
      // A canceled call may leave this generator parked at a yield for good:
      // end the run from the signal so the shell is free for the next command.
      const onAbort = () => void events.return(undefined);
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      try {
        for await (const event of events) yield toResponse(event);
      } finally {
        ctx.signal.removeEventListener("abort", onAbort);
      }
    },
    exec() {
      throw new ConnectError("the runner serves ExecStream only", Code.Unimplemented);
    },
  };
}

function toResponse(e: ShellEvent): ExecStreamResponse {
  switch (e.kind) {
    case "started":
      return create(ExecStreamResponseSchema, {
        event: { case: "started", value: { startedAtMs: BigInt(e.at) } },
      });
    case "output":
      return create(ExecStreamResponseSchema, {
        event: {
          case: "output",
          value: {
            stream: e.stream === "stdout" ? OutputStream.STDOUT : OutputStream.STDERR,
            data: e.data,
          },
        },
      });
    case "keepalive":
      return create(ExecStreamResponseSchema, { event: { case: "keepalive", value: {} } });
    case "ended":
      return create(ExecStreamResponseSchema, {
        event: {
          case: "ended",
          value: {
            exitCode: e.exitCode,
            cwd: e.cwd,
            durationMs: BigInt(e.durationMs),
            timedOut: e.timedOut,
            shellRestarted: e.shellRestarted,
          },
        },
      });
  }
}
