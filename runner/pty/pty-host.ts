import { type ChildProcess, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { Code, ConnectError } from "@connectrpc/connect";
import { type SandboxUser, withRoot } from "../privileges.js";
import { type PtyStatusLine, readStatusLines } from "./status-line.js";

export interface PtyHostOptions {
  /** The static helper (native/ptyhost). */
  binary: string;
  user: SandboxUser;
  cols: number;
  rows: number;
  cwd: string;
  argv: string[];
  env: Record<string, string>;
}

export interface PtyExit {
  /** -1 when a signal ended the program. */
  exitCode: number;
  /** e.g. "SIGKILL"; empty when the program exited. */
  signal: string;
}

/** Typed input not yet taken by the terminal past this is refused. */
const MAX_PENDING_INPUT_BYTES = 1 << 20;
/** How long ptyhost gets to kill the terminal's processes before it is killed itself. */
const CLOSE_GRACE_MS = 3000;

/**
 * One program on its own pseudo-terminal, run by a ptyhost process as the
 * sandbox user: fd 0 input, fd 1 output, fd 3 control lines, fd 4 status.
 */
export class PtyHost {
  readonly exited: Promise<PtyExit>;
  private readonly child: ChildProcess;
  private readonly control: Writable;
  private closeTimer: NodeJS.Timeout | undefined;
  private ended = false;

  private constructor(
    child: ChildProcess,
    readonly pid: number,
    closed: Promise<ProcessEnd>,
    lastStatus: Promise<PtyStatusLine | { kind: "ended" }>,
  ) {
    this.child = child;
    this.control = child.stdio[3] as Writable;
    this.exited = closed.then(async (end) => {
      this.ended = true;
      clearTimeout(this.closeTimer);
      return exitFrom(await lastStatus, end);
    });
  }

  /** Starts the program; fails with the reason when it cannot start. */
  static async start(o: PtyHostOptions): Promise<PtyHost> {
    const child = withRoot(o.user, () =>
      spawn(o.binary, [String(o.cols), String(o.rows), o.cwd, ...o.argv], {
        cwd: "/",
        env: o.env,
        uid: o.user.uid,
        gid: o.user.gid,
        stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"],
      }),
    );
    child.on("error", () => {});
    // Every descriptor closed and the process reaped: nothing more can come.
    const closed = new Promise<ProcessEnd>((resolve) =>
      child.once("close", (code, signal) => resolve({ code, signal })),
    );
    for (const s of child.stdio) s?.on("error", () => {});
    (child.stderr as Readable).on("data", (chunk: Buffer) =>
      console.error(`ptyhost: ${chunk.toString("utf8", 0, Math.min(chunk.length, 512)).trimEnd()}`),
    );
    const lines = readStatusLines(child.stdio[4] as Readable);
    const first = await lines.next();
    if (first.kind !== "started") {
      child.kill("SIGKILL");
      const why = first.kind === "error" ? first.message : "ptyhost ended without a status";
      throw new ConnectError(`could not open a terminal: ${why}`, Code.FailedPrecondition);
    }
    return new PtyHost(child, first.pid, closed, lines.next());
  }

  get output(): Readable {
    return this.child.stdout as Readable;
  }

  write(data: Uint8Array): void {
    const stdin = this.child.stdin as Writable;
    if (this.ended || stdin.destroyed) {
      throw new ConnectError("the terminal has ended", Code.FailedPrecondition);
    }
    if (stdin.writableLength + data.length > MAX_PENDING_INPUT_BYTES) {
      throw new ConnectError("the terminal is not reading its input", Code.ResourceExhausted);
    }
    stdin.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.ended || this.closeTimer)
      throw new ConnectError("the terminal has ended", Code.FailedPrecondition);
    this.control.write(`resize ${cols} ${rows}\n`);
  }

  /** Kills every process of the terminal; `exited` settles when they are gone. */
  close(): void {
    if (this.ended || this.closeTimer) return;
    this.control.end("close\n");
    this.closeTimer = setTimeout(() => this.child.kill("SIGKILL"), CLOSE_GRACE_MS);
  }
}

interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function exitFrom(line: PtyStatusLine | { kind: "ended" }, { code, signal }: ProcessEnd): PtyExit {
  if (line.kind === "exited") return { exitCode: line.exitCode, signal: "" };
  if (line.kind === "signaled") return { exitCode: -1, signal: line.signal };
  // ptyhost itself was killed before it could report: report that.
  if (signal) return { exitCode: -1, signal };
  return { exitCode: code ?? -1, signal: "" };
}
