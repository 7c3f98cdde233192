import { Code, ConnectError } from "@connectrpc/connect";

/** gRPC's length prefix: one flag byte (bit 0: compressed), four bytes of length. */
const PREFIX = 5;

/** One message as a gRPC frame, uncompressed. */
export function frameMessage(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(PREFIX + message.length);
  frame[0] = 0;
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, PREFIX);
  return frame;
}

/**
 * Cuts a byte stream into gRPC messages, however the frames fall across
 * chunks. Refuses compressed frames (nothing here asks for compression) and
 * messages past `maxBytes` before buffering them.
 */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The messages completed by `chunk`. */
  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const messages: Buffer[] = [];
    while (this.pendingBytes >= PREFIX) {
      const head = this.head();
      if ((head[0] as number) & 1) {
        throw new ConnectError("the runner sent a compressed message", Code.Internal);
      }
      const length = head.readUInt32BE(1);
      if (length > this.maxBytes) {
        throw new ConnectError(
          `the runner sent a message of ${length} bytes, more than ${this.maxBytes}`,
          Code.ResourceExhausted,
        );
      }
      if (this.pendingBytes < PREFIX + length) break;
      messages.push(this.take(PREFIX + length).subarray(PREFIX));
    }
    return messages;
  }

  /** Whether bytes of an unfinished frame are left. */
  get partial(): boolean {
    return this.pendingBytes > 0;
  }

  private head(): Buffer {
    const first = this.pending[0] as Buffer;
    if (first.length >= PREFIX) return first;
    this.pending = [Buffer.concat(this.pending)];
    return this.pending[0] as Buffer;
  }

  private take(n: number): Buffer {
    const first = this.pending[0] as Buffer;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.pending.shift();
      else this.pending[0] = first.subarray(n);
    } else {
      const all = Buffer.concat(this.pending);
      out = all.subarray(0, n);
      this.pending = all.length === n ? [] : [all.subarray(n)];
    }
    this.pendingBytes -= n;
    return out;
  }
}
