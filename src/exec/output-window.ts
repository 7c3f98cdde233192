/**
 * What a capped result keeps of a command's output: the first `headBytes`
 * and the last `capBytes - headBytes`, so that both how it began and how it
 * ended (where errors are) survive. Everything is counted; memory stays
 * within the cap whatever the command writes.
 */
export class OutputWindow {
  private readonly head: Buffer[] = [];
  private headSize = 0;
  private readonly tail: Buffer[] = [];
  private tailSize = 0;
  private total = 0;
  private readonly tailCap: number;

  constructor(
    readonly capBytes: number,
    readonly headBytes: number,
  ) {
    if (headBytes > capBytes) throw new RangeError("headBytes must not exceed capBytes");
    this.tailCap = capBytes - headBytes;
  }

  push(data: Uint8Array): void {
    this.total += data.length;
    let rest = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const headRoom = this.headBytes - this.headSize;
    if (headRoom > 0) {
      const kept = rest.subarray(0, headRoom);
      this.head.push(Buffer.from(kept));
      this.headSize += kept.length;
      rest = rest.subarray(kept.length);
    }
    if (rest.length === 0 || this.tailCap === 0) return;
    if (rest.length >= this.tailCap) {
      this.tail.length = 0;
      this.tail.push(Buffer.from(rest.subarray(rest.length - this.tailCap)));
      this.tailSize = this.tailCap;
      return;
    }
    this.tail.push(Buffer.from(rest));
    this.tailSize += rest.length;
    while (this.tailSize > this.tailCap) {
      const first = this.tail[0] as Buffer;
      const excess = this.tailSize - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailSize -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailSize -= excess;
      }
    }
  }

  /** Bytes pushed in all. */
  get totalBytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.capBytes;
  }

  /** Bytes dropped between the head and the tail. */
  get omittedBytes(): number {
    return this.total - this.headSize - this.tailSize;
  }

  /** Everything when nothing was dropped; else the head and the tail apart. */
  parts(): { head: Buffer; tail: Buffer } {
    return {
      head: Buffer.concat(this.head, this.headSize),
      tail: Buffer.concat(this.tail, this.tailSize),
    };
  }
}
