import { once } from "node:events";
import type { Writable } from "node:stream";
import { OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import { callFailure, type DaemonOptions, daemonClients, resolveDaemon } from "./api-client.js";

/** The exit code of a command that was stopped at its timeout, as timeout(1) has it. */
const TIMED_OUT = 124;

export interface ExecOptions extends DaemonOptions {
  sessionId: string;
  /** The command's words, joined with spaces into bash source (as ssh does). */
  words: string[];
  timeoutMs?: number;
}

/**
 * Runs a command in a session's shell, streaming its stdout and stderr to
 * ours as it is produced; the exit code is the command's, 124 when it timed
 * out, 130 when Ctrl-C stopped it.
 */
export async function exec(o: ExecOptions): Promise<number> {
  const target = resolveDaemon(o);
  const clients = daemonClients(target);
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once("SIGINT", interrupt);
  try {
    const events = clients.exec.execStream(
      { sessionId: o.sessionId, cmd: o.words.join(" "), timeoutMs: o.timeoutMs ?? 0 },
      { signal: abort.signal },
    );
    for await (const { event } of events) {
      if (event.case === "output") {
        const to = event.value.stream === OutputStream.STDERR ? process.stderr : process.stdout;
        await writeAll(to, event.value.data);
      } else if (event.case === "ended") {
        const ended = event.value;
        if (ended.timedOut) {
          process.stderr.write(`sandkasten exec: timed out after ${ended.durationMs} ms\n`);
          return TIMED_OUT;
        }
        if (ended.shellRestarted) {
          process.stderr.write(
            "sandkasten exec: the command ended the shell; a new one was started\n",
          );
        }
        return exitCodeOf(ended.exitCode);
      }
    }
    throw new Error("the stream ended without the command's end");
  } catch (err) {
    if (abort.signal.aborted) return 130;
    throw callFailure(target, err);
  } finally {
    process.off("SIGINT", interrupt);
    clients.close();
  }
}

/** A process exit code (0-255) for the command's: negative or larger ones wrap as in a shell. */
function exitCodeOf(code: number): number {
  return ((code % 256) + 256) % 256;
}

async function writeAll(to: Writable, data: Uint8Array): Promise<void> {
  if (!to.write(data)) await once(to, "drain");
}
