import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";

/**
 * A job's output in a file of fixed size, written round: the newest
 * `capacity` bytes are kept, positions count every byte ever written.
 * Readers keep their own position, so a slow reader costs no memory.
 */
export class OutputRing {
  private readonly fd: number;
  /** Bytes written in all. */
  written = 0;

  constructor(
    private readonly path: string,
    readonly capacity: number,
  ) {
    this.fd = openSync(path, "w+", 0o600);
  }

  /** The first position still held. */
  get oldest(): number {
    return Math.max(0, this.written - this.capacity);
  }

  write(data: Buffer): void {
    // Of a chunk larger than the ring, only its end can be kept.
    const keep = data.length > this.capacity ? data.subarray(data.length - this.capacity) : data;
    this.written += data.length - keep.length;
    let done = 0;
    while (done < keep.length) {
      const at = this.written % this.capacity;
      const n = Math.min(keep.length - done, this.capacity - at);
      writeSync(this.fd, keep, done, n, at);
      done += n;
      this.written += n;
    }
  }

  /** Up to `max` bytes from position `from` (at least `oldest`). */
  read(from: number, max: number): Buffer {
    const start = Math.max(from, this.oldest);
    const length = Math.min(max, this.written - start);
    if (length <= 0) return Buffer.alloc(0);
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const at = (start + done) % this.capacity;
      const n = Math.min(length - done, this.capacity - at);
      done += readSync(this.fd, out, done, n, at);
    }
    return out;
  }

  close(): void {
    closeSync(this.fd);
    try {
      unlinkSync(this.path);
    } catch {
      // Gone with its directory already.
    }
  }
}
