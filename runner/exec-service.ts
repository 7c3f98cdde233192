import type { GrpcCall } from "./grpc/call.js";
import {
  decodeExecStreamRequest,
  endedFrame,
  keepaliveFrame,
  outputFrameHead,
  startedFrame,
} from "./grpc/exec-messages.js";
import { GrpcError, Status } from "./grpc/status.js";
import { OutputMemory } from "./output-memory.js";
import type { PersistentShell, ShellEvent } from "./shell/persistent-shell.js";

export interface ExecServiceOptions {
  defaultTimeoutMs: number;
}

/** A command is at most 1 MiB (exec.proto); a little more for the other fields. */
const MAX_REQUEST_BYTES = 2 << 20;

/**
 * The runner's side of ExecService: only ExecStream (the daemon builds Exec
 * on it), each event sent as its frame, output as its pipe chunks behind a
 * few header bytes.
 */
export function execStream(
  shell: () => PersistentShell | undefined,
  o: ExecServiceOptions,
): (call: GrpcCall) => Promise<void> {
  return async (call) => {
    const req = decodeExecStreamRequest(await call.request(MAX_REQUEST_BYTES));
    const current = shell();
    if (!current) throw new GrpcError("the shell is starting", Status.UNAVAILABLE);
    const events = current.run({
      cmd: req.cmd,
      timeoutMs: req.timeoutMs > 0 ? req.timeoutMs : o.defaultTimeoutMs,
      combine: req.combineOutput,
      signal: call.signal,
    });
    // A canceled call may leave this generator parked at a send for good:
    // end the run from the signal so the shell is free for the next command.
    const onAbort = () => void events.return(undefined);
    call.signal.addEventListener("abort", onAbort, { once: true });
    const memory = new OutputMemory();
    try {
      for await (const event of events) {
        await call.send(framesOf(event));
        if (event.kind === "output") memory.sent(sizeOf(event.data));
      }
    } finally {
      call.signal.removeEventListener("abort", onAbort);
      memory.ended();
    }
  };
}

/** Unary Exec is the daemon's, built on ExecStream. */
export async function exec(): Promise<void> {
  throw new GrpcError("the runner serves ExecStream only", Status.UNIMPLEMENTED);
}

function framesOf(e: ShellEvent): readonly Buffer[] {
  switch (e.kind) {
    case "started":
      return [startedFrame(e.at)];
    case "output":
      return [outputFrameHead(e.stream, sizeOf(e.data)), ...e.data];
    case "keepalive":
      return [keepaliveFrame()];
    case "ended":
      return [endedFrame(e)];
  }
}

function sizeOf(chunks: readonly Buffer[]): number {
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  return size;
}
