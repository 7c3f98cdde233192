/**
 * The few pieces of the protobuf wire format the runner's own messages need
 * (exec-messages.ts, runner-messages.ts): varints, tags, length-delimited
 * fields. Numbers stay below 2^53; negative int32s take ten bytes, as
 * protobuf writes them.
 */

export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const FIXED32 = 5;

export function varintSize(n: number): number {
  if (n < 0) return 10;
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Writes `n` (an int32 when negative) at `at`; returns the offset after it. */
export function writeVarint(buf: Uint8Array, at: number, n: number): number {
  if (n < 0) {
    // Two's complement over 64 bits: the low 32 bits, then all ones.
    let lo = n >>> 0;
    for (let i = 0; i < 4; i++) {
      buf[at++] = (lo & 0x7f) | 0x80;
      lo >>>= 7;
    }
    buf[at++] = (lo & 0x0f) | 0x70 | 0x80;
    for (let i = 0; i < 4; i++) buf[at++] = 0xff;
    buf[at++] = 0x01;
    return at;
  }
  while (n >= 0x80) {
    buf[at++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[at++] = n;
  return at;
}

/** Reads one message's fields in order; throws on anything malformed. */
export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  /** The next field's number and wire type, or undefined at the end. */
  next(): { field: number; type: number } | undefined {
    if (this.pos >= this.buf.length) return undefined;
    const key = this.varint();
    return { field: Math.floor(key / 8), type: key % 8 };
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error("truncated varint");
      const byte = this.buf[this.pos++] as number;
      // Past 2^53 only the low bits matter to nobody here: keep what fits.
      if (scale < 2 ** 53) result += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return result;
    }
    throw new Error("varint too long");
  }

  bytes(): Buffer {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.buf.length) throw new Error("truncated field");
    const data = this.buf.subarray(this.pos, end);
    this.pos = end;
    return data;
  }

  string(): string {
    return this.bytes().toString("utf8");
  }

  skip(type: number): void {
    if (type === VARINT) this.varint();
    else if (type === LEN) this.bytes();
    else if (type === FIXED64) this.advance(8);
    else if (type === FIXED32) this.advance(4);
    else throw new Error(`wire type ${type} not supported`);
  }

  private advance(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error("truncated field");
    this.pos += n;
  }
}
