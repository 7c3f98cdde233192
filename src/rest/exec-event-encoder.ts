import type { ExecStreamResponse } from "../../gen/sandkasten/v1/exec_pb.js";
import { OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import { OutputText } from "../exec/output-text.js";
import { sseEvent, sseKeepalive } from "./sse.js";

type StreamName = "stdout" | "stderr";

export interface ExecEventEncoder {
  // The SSE text for one ExecStream event; "" when there is nothing to send.
  encode(event: ExecStreamResponse): string;
  // True once the ended event was encoded.
  readonly ended: boolean;
}

// Turns ExecStream events into SSE text. Each stream is text of its own, so
// that a character or escape sequence split between two output events of the
// same stream stays whole.
export function createExecEventEncoder(rawOutput: boolean): ExecEventEncoder {
  const streams: Record<StreamName, OutputText> = {
    stdout: new OutputText(rawOutput),
    stderr: new OutputText(rawOutput),
  };
  let ended = false;

  const chunk = (name: StreamName, text: string): string =>
    text === "" ? "" : sseEvent("chunk", { chunk: text, stream: name, timestamp: Date.now() });

  const push = (name: StreamName, data: Uint8Array): string =>
    chunk(name, streams[name].push(data));

  const flush = (name: StreamName): string => chunk(name, streams[name].end());

  return {
    get ended() {
      return ended;
    },
    encode(response) {
      const event = response.event;
      switch (event.case) {
        case "output":
          return push(
            event.value.stream === OutputStream.STDERR ? "stderr" : "stdout",
            event.value.data,
          );
        case "keepalive":
          return sseKeepalive;
        case "ended":
          ended = true;
          return (
            flush("stdout") +
            flush("stderr") +
            sseEvent("done", {
              exit_code: event.value.exitCode,
              cwd: event.value.cwd,
              duration_ms: Number(event.value.durationMs),
              timed_out: event.value.timedOut,
              shell_restarted: event.value.shellRestarted,
              stdout_bytes: Number(event.value.stdoutBytes),
              stderr_bytes: Number(event.value.stderrBytes),
            })
          );
        default:
          return "";
      }
    },
  };
}
