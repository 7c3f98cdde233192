import { TextDecoder } from "node:util";
import { createOutputCleaner, type OutputCleaner } from "./clean-output.js";

/**
 * One output stream of a command as text, piece by piece: decoded as UTF-8
 * (a character split between two pieces stays whole) and, unless `raw`,
 * cleaned of terminal noise (an escape sequence split between pieces is
 * still recognised). Every place that shows output as text reads it through
 * this.
 */
export class OutputText {
  private readonly decoder = new TextDecoder("utf-8");
  private readonly cleaner: OutputCleaner | undefined;

  constructor(raw: boolean) {
    this.cleaner = raw ? undefined : createOutputCleaner();
  }

  /** The text of the next piece ("" while all of it is held back). */
  push(data: Uint8Array): string {
    const text = this.decoder.decode(data, { stream: true });
    return this.cleaner ? this.cleaner.push(text) : text;
  }

  /** What was held back, at the stream's end. */
  end(): string {
    const text = this.decoder.decode();
    return this.cleaner ? this.cleaner.push(text) + this.cleaner.flush() : text;
  }
}
