import type { Api } from "./api.js";
import { call, callStream } from "./calls.js";
import { SandkastenError } from "./errors.js";
import type { OpenPtyResponse } from "./gen/sandkasten/v1/pty_pb.js";
import type { CallOptions } from "./types.js";

export interface OpenPtyOptions extends CallOptions {
  /** Terminal size; default 80 x 24. */
  cols?: number;
  rows?: number;
  /** Program and arguments; default an interactive bash in /workspace. */
  command?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface PtyExit {
  exitCode: number;
  /** The signal that ended the program ("SIGKILL"), or "" when it exited. */
  signal: string;
}

/**
 * An interactive terminal in the session, next to its persistent shell. Read
 * `output()` (one reader) for as long as the terminal runs: a terminal whose
 * output nobody reads stops at a full buffer, like a real one. Closing it, or
 * aborting the open's signal, kills everything it started.
 */
export class Pty implements AsyncDisposable {
  /** Resolves when the program has exited and its output is read. */
  readonly exited: Promise<PtyExit>;
  private settleExit!: (exit: PtyExit) => void;
  private failExit!: (err: unknown) => void;
  // WritePty calls may overtake each other in flight: one at a time keeps
  // keystrokes in order.
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly api: Api,
    readonly sessionId: string,
    readonly id: string,
    readonly pid: number,
    private readonly events: AsyncGenerator<OpenPtyResponse>,
  ) {
    this.exited = new Promise((resolve, reject) => {
      this.settleExit = resolve;
      this.failExit = reject;
    });
    // Nobody may await it; its failure is also thrown by output().
    this.exited.catch(() => {});
  }

  /** Opens a terminal and waits until it runs. */
  static async open(api: Api, sessionId: string, options: OpenPtyOptions = {}): Promise<Pty> {
    const request = {
      sessionId,
      cols: options.cols ?? 80,
      rows: options.rows ?? 24,
      command: options.command ?? [],
      env: options.env ?? {},
      cwd: options.cwd ?? "",
    };
    const events = callStream(options, (o) => api.pty.openPty(request, o));
    const first = await events.next();
    if (first.done || first.value.event.case !== "opened") {
      await events.return(undefined);
      throw new SandkastenError("the terminal did not report that it opened", "internal");
    }
    const { ptyId, pid } = first.value.event.value;
    return new Pty(api, sessionId, ptyId, pid, events);
  }

  /** The terminal's output as it comes; ends when the program has exited. */
  async *output(): AsyncGenerator<Uint8Array> {
    try {
      for await (const { event } of this.events) {
        if (event.case === "output") yield event.value.data;
        else if (event.case === "exited") {
          this.settleExit({ exitCode: event.value.exitCode, signal: event.value.signal });
        }
      }
      this.failExit(new SandkastenError("the terminal's stream ended early", "unavailable"));
    } catch (err) {
      this.failExit(err);
      throw err;
    }
  }

  /** Types into the terminal: text (UTF-8) or bytes, e.g. "\x03" for Ctrl-C. */
  write(data: string | Uint8Array, options: CallOptions = {}): Promise<void> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const request = { sessionId: this.sessionId, ptyId: this.id, data: bytes };
    const written = this.writing.then(() =>
      call(options, (o) => this.api.pty.writePty(request, o)),
    );
    this.writing = written.catch(() => {});
    return written.then(() => {});
  }

  /** Sets the window size; the program gets SIGWINCH. */
  async resize(cols: number, rows: number, options: CallOptions = {}): Promise<void> {
    const request = { sessionId: this.sessionId, ptyId: this.id, cols, rows };
    await call(options, (o) => this.api.pty.resizePty(request, o));
  }

  /** Ends the program and everything it started; closing twice is fine. */
  async close(options: CallOptions = {}): Promise<void> {
    const request = { sessionId: this.sessionId, ptyId: this.id };
    try {
      await call(options, (o) => this.api.pty.closePty(request, o));
    } catch (err) {
      if (!(err instanceof SandkastenError && err.code === "not_found")) throw err;
    } finally {
      await this.events.return(undefined);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
