import { cleanOutput } from "./clean-output.js";
import type { OutputWindow } from "./output-window.js";

export interface CappedText {
  text: string;
  truncated: boolean;
  // Bytes the command wrote, and how many of them the text leaves out.
  totalBytes: number;
  omittedBytes: number;
  // Bytes kept before and after the cut.
  headBytes: number;
  tailBytes: number;
}

/** The line that stands where output was cut out. */
export function omissionNote(omittedBytes: number): string {
  return `\n[... ${omittedBytes} bytes of output omitted ...]\n`;
}

/**
 * A window's output as text: decoded as UTF-8 (a character cut in half at
 * either edge of the gap is dropped, not replaced), cleaned of terminal
 * noise unless `raw`, and with a note where the middle was left out.
 */
export function cappedText(window: OutputWindow, raw: boolean): CappedText {
  const { head, tail } = window.parts();
  const tidy = (text: string) => (raw ? text : cleanOutput(text));
  const base = {
    truncated: window.truncated,
    totalBytes: window.totalBytes,
    omittedBytes: window.omittedBytes,
    headBytes: head.length,
    tailBytes: tail.length,
  };
  if (!window.truncated)
    return { ...base, text: tidy(Buffer.concat([head, tail]).toString("utf8")) };
  const text =
    tidy(head.subarray(0, completeEnd(head)).toString("utf8")) +
    omissionNote(window.omittedBytes) +
    tidy(tail.subarray(completeStart(tail)).toString("utf8"));
  return { ...base, text };
}

/** The end of the last whole UTF-8 character (a cut one at the end is left out). */
export function completeEnd(bytes: Buffer): number {
  let i = bytes.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && ((bytes[i] as number) & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? i : bytes.length;
}

/** The start of the first whole UTF-8 character (continuation bytes skipped). */
export function completeStart(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && i < 3 && ((bytes[i] as number) & 0xc0) === 0x80) i++;
  return i;
}
