import { type AnsiStyle, SgrState } from "./ansi-style.js";

/** Where parsed output goes: text in its style, and carriage returns. */
export interface AnsiSink {
  text(text: string, style: AnsiStyle): void;
  carriageReturn(): void;
}

type State = "text" | "esc" | "esc-intermediate" | "csi" | "string" | "string-esc";

/** Controls other than tab and newline, ESC and the 8-bit CSI: what the text path stops at. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x9b]/g;
/** A runaway sequence gives its text back rather than swallowing the output. */
const MAX_CSI = 256;
const MAX_STRING = 65536;

/**
 * Terminal output into styled text, one stream's worth: SGR (colours, bold,
 * …) becomes styles, every other escape sequence (cursor moves, erase,
 * titles, OSC/DCS strings) and control character is dropped, never shown.
 * Sequences may be split across chunks.
 */
export class AnsiParser {
  private state: State = "text";
  private params = "";
  private invalid = false;
  private stringLength = 0;
  private readonly sgr = new SgrState();

  feed(input: string, sink: AnsiSink): void {
    let i = 0;
    const n = input.length;
    while (i < n) {
      if (this.state === "text") {
        CONTROL.lastIndex = i;
        const m = CONTROL.exec(input);
        const stop = m ? m.index : n;
        if (stop > i) sink.text(input.slice(i, stop), this.sgr.style);
        if (!m) return;
        const c = input.charCodeAt(stop);
        i = stop + 1;
        if (c === 0x1b) this.state = "esc";
        else if (c === 0x9b) this.startCsi();
        else if (c === 0x0d) sink.carriageReturn();
        continue;
      }
      const c = input.charCodeAt(i);
      i++;
      switch (this.state) {
        case "esc":
          if (c === 0x5b) this.startCsi();
          else if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f) {
            // OSC, DCS, SOS, PM, APC: a string up to ST (ESC \) or BEL.
            this.state = "string";
            this.stringLength = 0;
          } else if (c >= 0x20 && c <= 0x2f) this.state = "esc-intermediate";
          else if (c === 0x1b) this.state = "esc";
          else this.state = "text";
          break;
        case "esc-intermediate":
          if (c < 0x20 || c > 0x2f) this.state = c === 0x1b ? "esc" : "text";
          break;
        case "csi":
          this.csiByte(c);
          break;
        case "string": {
          const end = findStringEnd(input, i - 1);
          this.stringLength += (end < 0 ? n : end) - (i - 1);
          if (end < 0) {
            i = n;
            if (this.stringLength > MAX_STRING) this.state = "text";
          } else {
            i = end + 1;
            this.state = input.charCodeAt(end) === 0x07 ? "text" : "string-esc";
          }
          break;
        }
        case "string-esc":
          if (c === 0x5c) this.state = "text";
          else {
            // Not ST: the string ended there, and this ESC starts something new.
            this.state = "esc";
            i--;
          }
          break;
      }
    }
  }

  private startCsi(): void {
    this.state = "csi";
    this.params = "";
    this.invalid = false;
  }

  private csiByte(c: number): void {
    if (c >= 0x30 && c <= 0x3f) {
      // Parameters; a private marker (< = > ?) makes it a sequence SGR is not.
      if (c >= 0x3c) this.invalid = true;
      if (this.params.length < MAX_CSI) this.params += String.fromCharCode(c);
      else this.invalid = true;
    } else if (c >= 0x20 && c <= 0x2f) {
      this.invalid = true;
    } else if (c >= 0x40 && c <= 0x7e) {
      if (c === 0x6d && !this.invalid) this.sgr.apply(this.params);
      this.state = "text";
    } else {
      // A control inside the sequence ends it.
      this.state = c === 0x1b ? "esc" : "text";
    }
  }
}

function findStringEnd(input: string, from: number): number {
  for (let i = from; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x07 || c === 0x1b) return i;
  }
  return -1;
}
