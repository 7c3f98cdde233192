import { type CappedText, cappedText } from "../exec/capped-text.js";
import { OutputText } from "../exec/output-text.js";
import { OutputWindow } from "../exec/output-window.js";

/**
 * A command's output for the exec tool: clean text piece by piece for
 * progress (a character or escape sequence split between two pieces stays
 * whole; past `limit` characters progress stops, since it is not
 * flow-controlled), and for the result the output's head and tail within
 * `limit` bytes, with a note where the middle was cut out.
 */
export class ExecOutput {
  private readonly text = new OutputText(false);
  private readonly window: OutputWindow;
  private streamed = 0;

  constructor(
    private readonly limit: number,
    headBytes = Math.min(64 * 1024, limit),
  ) {
    this.window = new OutputWindow(limit, headBytes);
  }

  /** The text of the next piece to show now ("" once progress has shown `limit` characters). */
  push(data: Uint8Array): string {
    this.window.push(data);
    return this.progress(this.text.push(data));
  }

  /** The text held back until the end. */
  end(): string {
    return this.progress(this.text.end());
  }

  /** The result: head and tail of the whole output, cleaned. */
  result(): CappedText {
    return cappedText(this.window, false);
  }

  private progress(text: string): string {
    const room = Math.max(0, this.limit - this.streamed);
    const shown = text.slice(0, room);
    this.streamed += shown.length;
    return shown;
  }
}
