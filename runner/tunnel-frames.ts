import { FRAME_PREFIX } from "./grpc/call.js";
import { GrpcError, Status } from "./grpc/status.js";

/**
 * Cuts a request stream's bytes into gRPC messages, however the chunks fall:
 * push() returns the messages each chunk completes.
 */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    while (this.buffered.length >= FRAME_PREFIX) {
      if ((this.buffered[0] as number) & 1) {
        throw new GrpcError("compressed requests are not served here", Status.UNIMPLEMENTED);
      }
      const length = this.buffered.readUInt32BE(1);
      if (length > this.maxMessageBytes) {
        const message = `a message is larger than ${this.maxMessageBytes} bytes`;
        throw new GrpcError(message, Status.RESOURCE_EXHAUSTED);
      }
      const end = FRAME_PREFIX + length;
      if (this.buffered.length < end) break;
      messages.push(this.buffered.subarray(FRAME_PREFIX, end));
      this.buffered = this.buffered.subarray(end);
    }
    return messages;
  }

  /** Whether a message was cut off by the stream's end. */
  get partial(): boolean {
    return this.buffered.length > 0;
  }
}
