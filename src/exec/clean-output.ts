// Removes terminal noise from shell output: ANSI escape sequences (CSI, OSC,
// DCS and the other ESC sequences) and carriage returns (\r\n and a lone \r
// both become \n).

const ESC = 0x1b;
const BEL = 0x07;

// An escape sequence longer than this is not one: its ESC is dropped and the
// rest is kept as text. This also bounds what a streaming cleaner holds back.
const MAX_SEQUENCE_LENGTH = 4096;

export interface OutputCleaner {
  // Cleans the next piece of text. An escape sequence or a \r at the end may be
  // held back until the next push, so that a sequence split between two
  // pieces is still recognised.
  push(text: string): string;
  // Ends the text: returns what was held back, cleaned. An escape sequence left
  // unterminated at the end is dropped.
  flush(): string;
}

export function cleanOutput(text: string): string {
  const cleaner = createOutputCleaner();
  return cleaner.push(text) + cleaner.flush();
}

export function createOutputCleaner(): OutputCleaner {
  let pendingEscape = "";
  let pendingCarriageReturn = false;

  const normalizeNewlines = (text: string): string => {
    let value = pendingCarriageReturn ? `\r${text}` : text;
    pendingCarriageReturn = value.endsWith("\r");
    if (pendingCarriageReturn) value = value.slice(0, -1);
    return value.replace(/\r\n?/g, "\n");
  };

  return {
    push(text) {
      const input = pendingEscape + text;
      pendingEscape = "";
      let out = "";
      let index = 0;
      while (index < input.length) {
        const escapeAt = input.indexOf("\x1b", index);
        if (escapeAt === -1) {
          out += input.slice(index);
          break;
        }
        out += input.slice(index, escapeAt);
        const end = scanEscape(input, escapeAt);
        if (end === INCOMPLETE) {
          pendingEscape = input.slice(escapeAt);
          break;
        }
        index = end;
      }
      return normalizeNewlines(out);
    },
    flush() {
      pendingEscape = "";
      const tail = pendingCarriageReturn ? "\n" : "";
      pendingCarriageReturn = false;
      return tail;
    },
  };
}

const INCOMPLETE = -1;

// Returns the index just past the escape sequence that starts at `start`
// (text[start] is ESC), or INCOMPLETE when the text ends inside it. For a
// malformed sequence it returns the index of the first byte that is not part
// of it, so that the bytes read so far are dropped.
function scanEscape(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_SEQUENCE_LENGTH);
  const ranOut = (): number =>
    limit === text.length && limit - start < MAX_SEQUENCE_LENGTH ? INCOMPLETE : start + 1;
  let i = start + 1;
  if (i >= limit) return ranOut();
  const introducer = text.charCodeAt(i);

  if (introducer === 0x5b) {
    // CSI: ESC [ parameter bytes, intermediate bytes, one final byte.
    i++;
    while (i < limit && inRange(text.charCodeAt(i), 0x30, 0x3f)) i++;
    while (i < limit && inRange(text.charCodeAt(i), 0x20, 0x2f)) i++;
    if (i >= limit) return ranOut();
    return inRange(text.charCodeAt(i), 0x40, 0x7e) ? i + 1 : i;
  }

  if (isStringIntroducer(introducer)) {
    // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \). Another ESC
    // cancels the string and starts a new sequence.
    for (i++; i < limit; i++) {
      const code = text.charCodeAt(i);
      if (code === BEL) return i + 1;
      if (code === ESC) {
        if (i + 1 >= limit) return ranOut();
        return text.charCodeAt(i + 1) === 0x5c ? i + 2 : i;
      }
    }
    return ranOut();
  }

  if (inRange(introducer, 0x20, 0x2f)) {
    // nF sequences such as ESC ( B: intermediate bytes, one final byte.
    while (i < limit && inRange(text.charCodeAt(i), 0x20, 0x2f)) i++;
    if (i >= limit) return ranOut();
    return inRange(text.charCodeAt(i), 0x30, 0x7e) ? i + 1 : i;
  }

  if (inRange(introducer, 0x30, 0x7e)) return i + 1;
  return start + 1;
}

function isStringIntroducer(code: number): boolean {
  // ] P X ^ _
  return code === 0x5d || code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f;
}

function inRange(code: number, low: number, high: number): boolean {
  return code >= low && code <= high;
}
