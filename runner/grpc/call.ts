import type http2 from "node:http2";
import { GrpcError, Status } from "./status.js";

/** The gRPC content types a request may carry (the protobuf codec only). */
const GRPC_CONTENT_TYPE = /^application\/grpc(\+proto)?(;|$)/;
const RESPONSE_HEADERS = { ":status": 200, "content-type": "application/grpc+proto" };
/** A frame's prefix: a flags byte (0: not compressed) and the length. */
export const FRAME_PREFIX = 5;

/**
 * One gRPC call on an HTTP/2 stream, with the framing done by hand: read
 * the single request message, write pre-encoded response frames with the
 * stream's back-pressure, end with trailers. `signal` aborts only when the
 * call really ends early (the client reset the stream, or its grpc-timeout
 * passed), so an ordinary call builds no abort at all.
 */
export class GrpcCall {
  private readonly controller = new AbortController();
  private responded = false;
  private finished = false;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(
    readonly stream: http2.ServerHttp2Stream,
    headers: http2.IncomingHttpHeaders,
  ) {
    stream.on("close", () => {
      clearTimeout(this.deadlineTimer);
      if (!this.finished) this.abort(Status.CANCELED);
    });
    stream.on("error", () => {});
    stream.on("drain", () => this.wake());
    const timeoutMs = parseTimeout(headers["grpc-timeout"]);
    if (timeoutMs !== undefined) {
      this.deadlineTimer = setTimeout(() => this.abort(Status.DEADLINE_EXCEEDED), timeoutMs);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Checks the request's headers; throws what to answer when the call can't be served. */
  static check(headers: http2.IncomingHttpHeaders): void {
    const type = headers["content-type"] ?? "";
    if (!GRPC_CONTENT_TYPE.test(type)) {
      throw new GrpcError(`content type ${type} is not served here`, Status.UNIMPLEMENTED);
    }
  }

  /** The request's one message, at most `maxBytes` long. */
  request(maxBytes: number): Promise<Buffer> {
    const stream = this.stream;
    return new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes + FRAME_PREFIX) parts.push(chunk);
        else {
          done();
          const message = `the request is larger than ${maxBytes} bytes`;
          reject(new GrpcError(message, Status.RESOURCE_EXHAUSTED));
        }
      };
      const onEnd = () => {
        done();
        try {
          resolve(oneMessage(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)));
        } catch (err) {
          reject(err);
        }
      };
      const onClose = () => {
        done();
        reject(new GrpcError("the call was canceled", Status.CANCELED));
      };
      const done = () => {
        stream.off("data", onData);
        stream.off("end", onEnd);
        stream.off("close", onClose);
      };
      stream.on("data", onData);
      stream.once("end", onEnd);
      stream.once("close", onClose);
    });
  }

  /**
   * Writes response frames (one write of all the parts); resolves at once,
   * or once the client has taken enough of what was written before.
   */
  async send(parts: readonly Buffer[]): Promise<void> {
    if (this.finished || this.stream.closed || this.stream.destroyed) return;
    this.respond();
    const stream = this.stream;
    let more = true;
    if (parts.length === 1) more = stream.write(parts[0]);
    else {
      stream.cork();
      for (const part of parts) more = stream.write(part);
      stream.uncork();
    }
    if (more) return;
    // Woken by "drain", or by the call ending early (abort), so a client that
    // went away can't park the writer for good.
    await new Promise<void>((resolve) => {
      this.wakeWriter = resolve;
    });
  }

  /** Ends the call: OK, or the error's status and message. */
  end(err?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.deadlineTimer);
    const stream = this.stream;
    if (stream.closed || stream.destroyed) return;
    const trailers = err === undefined ? { "grpc-status": "0" } : errorTrailers(err);
    if (!this.responded) {
      // Trailers-only: headers that end the stream.
      this.responded = true;
      stream.respond({ ...RESPONSE_HEADERS, ...trailers }, { endStream: true });
      return;
    }
    stream.once("wantTrailers", () => {
      // The client may have reset the stream meanwhile: then nobody is there to tell.
      if (!stream.destroyed) stream.sendTrailers(trailers);
    });
    stream.end();
  }

  private respond(): void {
    if (this.responded) return;
    this.responded = true;
    this.stream.respond({ ...RESPONSE_HEADERS }, { waitForTrailers: true });
  }

  private abort(status: number): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort(new GrpcError("the call ended early", status));
    this.wake();
    if (status === Status.DEADLINE_EXCEEDED) {
      this.end(new GrpcError("the deadline passed", Status.DEADLINE_EXCEEDED));
    }
  }

  private wake(): void {
    const wake = this.wakeWriter;
    this.wakeWriter = undefined;
    wake?.();
  }
}

/** The message inside exactly one uncompressed frame. */
function oneMessage(body: Buffer): Buffer {
  if (body.length < FRAME_PREFIX) {
    throw new GrpcError("the request holds no message", Status.INVALID_ARGUMENT);
  }
  if ((body[0] as number) & 1) {
    throw new GrpcError("compressed requests are not served here", Status.UNIMPLEMENTED);
  }
  const length = body.readUInt32BE(1);
  if (body.length !== FRAME_PREFIX + length) {
    throw new GrpcError("the request must hold exactly one message", Status.INVALID_ARGUMENT);
  }
  return body.subarray(FRAME_PREFIX);
}

function errorTrailers(err: unknown): Record<string, string> {
  if (err instanceof GrpcError) {
    return { "grpc-status": String(err.status), "grpc-message": encodeMessage(err.message) };
  }
  console.error("runner: call failed", err);
  return { "grpc-status": String(Status.INTERNAL), "grpc-message": "internal%20error" };
}

/** grpc-message is percent-encoded (gRPC over HTTP/2: everything outside 0x20-0x7E, and %). */
function encodeMessage(message: string): string {
  return encodeURIComponent(message);
}

/** grpc-timeout ("<up to 8 digits><H|M|S|m|u|n>") in milliseconds. */
function parseTimeout(value: string | string[] | undefined): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d{1,8})([HMSmun])$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const ms = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 1e-3, n: 1e-6 }[m[2] as "H"];
  // setTimeout holds up to 2^31-1 ms; a longer deadline is no deadline here.
  const total = Math.ceil(n * ms);
  return total > 2 ** 31 - 1 ? undefined : total;
}
