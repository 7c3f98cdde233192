import { FRAME_PREFIX } from "./call.js";
import { LEN, VARINT, varintSize, WireReader, writeVarint } from "./wire.js";

/**
 * ExecStreamRequest and the ExecStreamResponse frames, encoded by hand
 * (proto/sandkasten/v1/exec.proto), so that output goes out as a few header
 * bytes in front of the bytes read from the pipe, with no message object and
 * no copy in between. Field numbers as in exec.proto; zero values are left
 * out, as protobuf does.
 */

export interface ExecStreamRequest {
  cmd: string;
  timeoutMs: number;
  combineOutput: boolean;
}

export function decodeExecStreamRequest(buf: Buffer): ExecStreamRequest {
  const r = new WireReader(buf);
  const req: ExecStreamRequest = { cmd: "", timeoutMs: 0, combineOutput: false };
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === 2 && f.type === LEN) req.cmd = r.string();
    else if (f.field === 3 && f.type === VARINT) req.timeoutMs = r.varint() % 2 ** 32;
    else if (f.field === 4 && f.type === VARINT) req.combineOutput = r.varint() !== 0;
    else r.skip(f.type);
  }
  return req;
}

/** ExecStreamResponse fields: the oneof's cases. */
const STARTED = 1;
const OUTPUT = 2;
const ENDED = 3;
const KEEPALIVE = 4;
/** OutputStream values. */
const STDOUT = 1;
const STDERR = 2;

const tag = (field: number, type: number) => field * 8 + type;

/** Fields of one message, written in order. */
class Fields {
  private readonly bytes: number[] = [];

  varint(field: number, n: number): this {
    if (n === 0) return this;
    this.bytes.push(tag(field, VARINT));
    const b = new Uint8Array(10);
    const end = writeVarint(b, 0, n);
    for (let i = 0; i < end; i++) this.bytes.push(b[i] as number);
    return this;
  }

  bool(field: number, v: boolean): this {
    return v ? this.varint(field, 1) : this;
  }

  string(field: number, s: string): this {
    if (s === "") return this;
    const data = Buffer.from(s, "utf8");
    this.bytes.push(tag(field, LEN));
    this.varintOnly(data.length);
    for (const byte of data) this.bytes.push(byte);
    return this;
  }

  /** This message as field `field` of the response, in one frame. */
  frame(field: number): Buffer {
    const inner = this.bytes.length;
    const outer = 1 + varintSize(inner) + inner;
    const buf = Buffer.allocUnsafe(FRAME_PREFIX + outer);
    buf[0] = 0;
    buf.writeUInt32BE(outer, 1);
    let at = FRAME_PREFIX;
    buf[at++] = tag(field, LEN);
    at = writeVarint(buf, at, inner);
    for (const byte of this.bytes) buf[at++] = byte;
    return buf;
  }

  private varintOnly(n: number): void {
    const b = new Uint8Array(10);
    const end = writeVarint(b, 0, n);
    for (let i = 0; i < end; i++) this.bytes.push(b[i] as number);
  }
}

export function startedFrame(atMs: number): Buffer {
  return new Fields().varint(1, atMs).frame(STARTED);
}

export function keepaliveFrame(): Buffer {
  return new Fields().frame(KEEPALIVE);
}

export interface Ended {
  exitCode: number;
  cwd: string;
  durationMs: number;
  timedOut: boolean;
  shellRestarted: boolean;
}

export function endedFrame(e: Ended): Buffer {
  return new Fields()
    .varint(1, e.exitCode)
    .string(2, e.cwd)
    .varint(3, e.durationMs)
    .bool(4, e.timedOut)
    .bool(5, e.shellRestarted)
    .frame(ENDED);
}

/**
 * The bytes in front of an ExecOutput whose data is `chunks` (together
 * `size` bytes): the frame prefix, the oneof's tag and length, the stream and
 * the data's tag and length. The chunks follow as they are.
 */
export function outputFrameHead(stream: "stdout" | "stderr", size: number): Buffer {
  const inner = 2 + 1 + varintSize(size) + size;
  const outer = 1 + varintSize(inner) + inner;
  const head = Buffer.allocUnsafe(FRAME_PREFIX + outer - size);
  head[0] = 0;
  head.writeUInt32BE(outer, 1);
  let at = FRAME_PREFIX;
  head[at++] = tag(OUTPUT, LEN);
  at = writeVarint(head, at, inner);
  head[at++] = tag(1, VARINT);
  head[at++] = stream === "stdout" ? STDOUT : STDERR;
  head[at++] = tag(2, LEN);
  writeVarint(head, at, size);
  return head;
}
