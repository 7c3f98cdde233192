import type { Api } from "./api.js";
import { callStream } from "./calls.js";
import { exitEvent } from "./convert.js";
import { OutputStream } from "./gen/sandkasten/v1/exec_pb.js";
import type { ExecEvent, ExecStreamOptions } from "./types.js";

/**
 * Runs a command with ExecStream and yields its output as text, then its exit.
 * Each stream has its own decoder, so a character split across two chunks
 * stays whole. Breaking out of the loop, or aborting options.signal, cancels
 * the call; the daemon then stops the command and the shell stays usable.
 */
export async function* execStream(
  api: Api,
  sessionId: string,
  cmd: string,
  options: ExecStreamOptions = {},
): AsyncGenerator<ExecEvent> {
  const request = {
    sessionId,
    cmd,
    timeoutMs: options.timeoutMs ?? 0,
    combineOutput: options.combineOutput ?? false,
  };
  const responses = callStream(options, (o) => api.exec.execStream(request, o));
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  for await (const { event } of responses) {
    if (event.case === "output") {
      const type = event.value.stream === OutputStream.STDERR ? "stderr" : "stdout";
      const data = decoders[type].decode(event.value.data, { stream: true });
      if (data) yield { type, data };
    } else if (event.case === "ended") {
      for (const type of ["stdout", "stderr"] as const) {
        const rest = decoders[type].decode();
        if (rest) yield { type, data: rest };
      }
      yield exitEvent(event.value);
    }
  }
}
