import { FRAME_PREFIX } from "./grpc/call.js";
import { LEN, VARINT, varintSize, WireReader, writeVarint } from "./grpc/wire.js";

/**
 * TunnelService's messages by hand (proto/sandkasten/v1/tunnel.proto):
 * TunnelRequest { uint32 port = 1; bytes data = 2; } and TunnelResponse
 * { oneof event { TunnelConnected connected = 1; bytes data = 2; } }.
 */

export interface TunnelRequest {
  port: number;
  data: Buffer | undefined;
}

export function decodeTunnelRequest(buf: Buffer): TunnelRequest {
  const r = new WireReader(buf);
  const req: TunnelRequest = { port: 0, data: undefined };
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === 1 && f.type === VARINT) req.port = r.varint();
    else if (f.field === 2 && f.type === LEN) req.data = r.bytes();
    else r.skip(f.type);
  }
  return req;
}

/** The frame of `{ connected: {} }`: field 1, an empty message. */
export const CONNECTED_FRAME = Buffer.from([0, 0, 0, 0, 2, (1 << 3) | LEN, 0]);

/** The prefix and field header of `{ data }`, to write in front of the bytes themselves. */
export function dataFrameHeader(length: number): Buffer {
  const fieldHeader = 1 + varintSize(length);
  const header = Buffer.alloc(FRAME_PREFIX + fieldHeader);
  header.writeUInt32BE(fieldHeader + length, 1);
  header[FRAME_PREFIX] = (2 << 3) | LEN;
  writeVarint(header, FRAME_PREFIX + 1, length);
  return header;
}
