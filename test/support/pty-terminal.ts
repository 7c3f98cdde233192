import type { OpenPtyResponse, PtyExited } from "../../gen/sandkasten/v1/pty_pb.js";
import type { Clients } from "./clients.js";

/** CSI and OSC sequences, and the two-byte escapes (keypad modes). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escapes are control characters
const ESCAPE_SEQUENCE = /\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[=>])/g;

export interface OpenOptions {
  cols?: number;
  rows?: number;
  command?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/**
 * A terminal opened over gRPC, read in the background: the test types into
 * it and waits for what the screen shows.
 */
export class PtyTerminal {
  /** Settles with the exited event; rejects when the stream fails or ends without it. */
  readonly exited: Promise<PtyExited>;
  private text = "";
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly api: Clients,
    readonly sessionId: string,
    readonly ptyId: string,
    readonly pid: number,
    events: AsyncIterator<OpenPtyResponse>,
    private readonly abort: AbortController,
  ) {
    this.exited = this.read(events);
    this.exited.catch(() => {});
  }

  static async open(api: Clients, sessionId: string, o: OpenOptions = {}): Promise<PtyTerminal> {
    const abort = new AbortController();
    const call = api.pty.openPty(
      {
        sessionId,
        cols: o.cols ?? 80,
        rows: o.rows ?? 24,
        command: o.command ?? [],
        env: o.env ?? {},
        cwd: o.cwd ?? "",
      },
      { signal: abort.signal },
    );
    const events = call[Symbol.asyncIterator]();
    const first = await events.next();
    const event = first.value?.event;
    if (event?.case !== "opened") throw new Error(`expected opened first, got ${event?.case}`);
    return new PtyTerminal(api, sessionId, event.value.ptyId, event.value.pid, events, abort);
  }

  /** Everything the terminal showed so far, escape sequences included. */
  get output(): string {
    return this.text;
  }

  /** The output without escape sequences and carriage returns: lines end in "\n". */
  get plain(): string {
    return this.text.replace(ESCAPE_SEQUENCE, "").replaceAll("\r", "");
  }

  async type(text: string): Promise<void> {
    await this.api.pty.writePty({
      sessionId: this.sessionId,
      ptyId: this.ptyId,
      data: new TextEncoder().encode(text),
    });
  }

  async resize(cols: number, rows: number): Promise<void> {
    await this.api.pty.resizePty({ sessionId: this.sessionId, ptyId: this.ptyId, cols, rows });
  }

  async close(): Promise<void> {
    await this.api.pty.closePty({ sessionId: this.sessionId, ptyId: this.ptyId });
  }

  /** Ends the OpenPty call from the client's side, as a closed browser tab does. */
  cancel(): void {
    this.abort.abort();
  }

  /** Waits until `plain` after offset `from` matches, and returns the match. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.plain.slice(from).match(pattern);
      if (match) return match;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = JSON.stringify(this.plain.slice(from));
        throw new Error(`no ${pattern} in the terminal's output: ${seen}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Types a line and waits for a pattern in what follows it. */
  async runLine(line: string, pattern: RegExp): Promise<RegExpMatchArray> {
    const from = this.plain.length;
    await this.type(`${line}\r`);
    return this.waitFor(pattern, from);
  }

  private async read(events: AsyncIterator<OpenPtyResponse>): Promise<PtyExited> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const next = await events.next();
        if (next.done) throw new Error("the stream ended without exited");
        const event = next.value.event;
        if (event.case === "output")
          this.text += decoder.decode(event.value.data, { stream: true });
        if (event.case === "exited") return event.value;
        this.wake();
      }
    } finally {
      this.wake();
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
