import { TextDecoder } from "node:util";
import { createOutputCleaner } from "../exec/clean-output.js";

/**
 * Turns a command's output bytes into clean text piece by piece (a character
 * or escape sequence split between two pieces stays whole) and keeps the
 * first `limit` characters of it, for progress and for the final result.
 */
export class ExecOutput {
  private readonly decoder = new TextDecoder("utf-8");
  private readonly cleaner = createOutputCleaner();
  private kept = "";
  truncated = false;

  constructor(private readonly limit: number) {}

  /** The kept text of the next piece, to show now ("" past the limit). */
  push(data: Uint8Array): string {
    return this.keep(this.cleaner.push(this.decoder.decode(data, { stream: true })));
  }

  /** The text held back until the end. */
  end(): string {
    return this.keep(this.cleaner.push(this.decoder.decode()) + this.cleaner.flush());
  }

  get text(): string {
    return this.kept;
  }

  // Returns the part kept: past the limit, output is neither kept nor streamed
  // (progress is not flow-controlled, so streaming it all could fill memory).
  private keep(text: string): string {
    const room = Math.max(0, this.limit - this.kept.length);
    if (text.length > room) this.truncated = true;
    const kept = text.slice(0, room);
    this.kept += kept;
    return kept;
  }
}
