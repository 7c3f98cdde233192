import { type ChildProcess, spawn } from "node:child_process";
import { readSync, writeFileSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { type SandboxUser, withRoot } from "../privileges.js";
import { bashLoop } from "./bash-loop.js";
import type { ShellMode } from "./shell-mode.js";

export interface ShellStatus {
  id: string;
  exitCode: number;
  cwd: string;
  exports: string;
}

export interface ShellProcessOptions {
  user: SandboxUser;
  mode: ShellMode;
  cwd: string;
  env: Record<string, string>;
  /** `export -p` output of an earlier shell, replayed at start. */
  restore: string;
  /** The file the runner writes each command to (command-file.ts). */
  commandFile: string;
  onStdout: (chunk: Buffer) => void;
  onStderr: (chunk: Buffer) => void;
  onStatus: (status: ShellStatus) => void;
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void;
}

const MAX_STATUS_BYTES = 4 * 1024 * 1024;
/** Most bytes one takeRest reads from a pipe; a stream that keeps going past it is left to the marker. */
const MAX_REST_BYTES = 1024 * 1024;
const REST_CHUNK = 64 * 1024;

/** One bash process running the control loop (bash-loop.ts), with its pipes wired. */
export class ShellProcess {
  readonly pid: number;
  private readonly child: ChildProcess;
  private readonly control: Writable;
  private statusBuffer: Buffer = Buffer.alloc(0);
  exited = false;

  constructor(private readonly o: ShellProcessOptions) {
    this.child = withRoot(o.user, () =>
      spawn("/bin/bash", ["--noprofile", "--norc", "-c", bashLoop(o.mode, o.commandFile), "bash"], {
        cwd: "/",
        env: { ...o.env, __SK_CWD: o.cwd, __SK_RESTORE: o.restore },
        uid: o.user.uid,
        gid: o.user.gid,
        stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"],
      }),
    );
    if (this.child.pid === undefined) throw new Error("could not start /bin/bash");
    this.pid = this.child.pid;
    preferForOomKill(this.pid);
    const [, stdout, stderr, control, status] = this.child.stdio as [
      null,
      Readable,
      Readable,
      Writable,
      Readable,
    ];
    this.control = control;
    stdout.on("data", o.onStdout);
    stderr.on("data", o.onStderr);
    status.on("data", (chunk: Buffer) => this.readStatus(chunk));
    for (const s of [stdout, stderr, control, status]) s.on("error", () => {});
    this.child.on("error", () => {});
    this.child.on("exit", (code, signal) => {
      this.exited = true;
      o.onExit(code, signal);
    });
  }

  get stdout(): Readable {
    return this.child.stdio[1] as Readable;
  }

  get stderr(): Readable {
    return this.child.stdio[2] as Readable;
  }

  /**
   * Runs what the command file holds. `own`: this bash evals the command
   * itself, in every mode (bash-loop.ts).
   */
  run(id: string, combined: boolean, own = false): void {
    this.control.write(`${combined ? "c" : "s"}${own ? "o" : ""} ${id}\n`);
  }

  /** Asks bash to print `marker` on stdout and stderr. */
  mark(marker: string): void {
    this.control.write(`m ${marker}\n`);
  }

  /**
   * Reads what one output pipe holds right now straight from its descriptor
   * and hands it on in order, as if it had come as data. True once the pipe
   * was empty (or closed); false when this can't tell: the stream is paused
   * or holds data of its own, was paused while reading, or kept going past
   * MAX_REST_BYTES.
   */
  takeRest(which: "stdout" | "stderr"): boolean {
    const stream = which === "stdout" ? this.stdout : this.stderr;
    const onData = which === "stdout" ? this.o.onStdout : this.o.onStderr;
    const fd = (stream as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (fd === undefined || fd < 0) return false;
    let taken = 0;
    while (stream.readableFlowing === true && stream.readableLength === 0) {
      if (taken >= MAX_REST_BYTES) return false;
      let n: number;
      // An empty pipe is the usual answer (EAGAIN): spare its error a stack trace.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        n = readSync(fd, restBuffer, 0, REST_CHUNK, null);
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EAGAIN";
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
      if (n === 0) return true;
      taken += n;
      onData(Buffer.from(restBuffer.subarray(0, n)));
    }
    return false;
  }

  kill(): void {
    if (!this.exited) this.child.kill("SIGKILL");
  }

  /** Asks bash to skip the rest of the running command (its INT trap, see bash-loop.ts). */
  interrupt(): void {
    if (!this.exited) this.child.kill("SIGINT");
  }

  /** Stops bash where it is (SIGSTOP); only kill() follows. */
  freeze(): void {
    if (!this.exited) this.child.kill("SIGSTOP");
  }

  /** Status records: `<export -p>\0<id> <exit status>\0<cwd>\0` (bash-loop.ts). */
  private readStatus(chunk: Buffer): void {
    this.statusBuffer =
      this.statusBuffer.length === 0 ? chunk : Buffer.concat([this.statusBuffer, chunk]);
    for (;;) {
      const parts = splitNul(this.statusBuffer, 3);
      if (!parts) break;
      const [exports, head, cwd, rest] = parts;
      this.statusBuffer = rest;
      const [id, code] = head.toString("latin1").split(" ");
      this.o.onStatus({
        id: id ?? "",
        exitCode: Number.parseInt(code ?? "", 10),
        cwd: cwd.toString("utf8"),
        exports: exports.toString("utf8"),
      });
    }
    if (this.statusBuffer.length > MAX_STATUS_BYTES) this.statusBuffer = Buffer.alloc(0);
  }
}

/** Where takeRest reads into; what it hands on is copied out. */
const restBuffer = Buffer.allocUnsafe(REST_CHUNK);

/**
 * A command that fills the container's memory must be what the OOM killer
 * ends, not the runner: the shell and everything it starts get the highest
 * score. (spawn returns once bash was exec'd as the sandbox user, whose
 * /proc entry the runner may write with its effective uid.)
 */
export function preferForOomKill(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/oom_score_adj`, "1000");
  } catch {
    // Not Linux, or no /proc: nothing to adjust.
  }
}

/** The first `n` NUL-terminated fields of `buf` and what follows them, or undefined. */
function splitNul(buf: Buffer, n: number): [Buffer, Buffer, Buffer, Buffer] | undefined {
  const fields: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = buf.indexOf(0, start);
    if (end < 0) return undefined;
    fields.push(buf.subarray(start, end));
    start = end + 1;
  }
  return [fields[0] as Buffer, fields[1] as Buffer, fields[2] as Buffer, buf.subarray(start)];
}
