import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import { FrameReader, frameMessage } from "../../src/runner-client/grpc-frames.js";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("gRPC frames from a runner", () => {
  test("messages come out whole however the frames fall across chunks", () => {
    const stream = Buffer.concat([
      frameMessage(bytes(1, 2, 3)),
      frameMessage(bytes()),
      frameMessage(bytes(9)),
    ]);
    for (let cut = 0; cut <= stream.length; cut++) {
      for (let cut2 = cut; cut2 <= stream.length; cut2++) {
        const reader = new FrameReader(100);
        const out = [
          ...reader.push(stream.subarray(0, cut)),
          ...reader.push(stream.subarray(cut, cut2)),
          ...reader.push(stream.subarray(cut2)),
        ].map((m) => [...m]);
        expect(out).toEqual([[1, 2, 3], [], [9]]);
        expect(reader.partial).toBe(false);
      }
    }
  });

  test("an unfinished frame is reported as partial", () => {
    const reader = new FrameReader(100);
    expect(reader.push(frameMessage(bytes(1, 2, 3)).subarray(0, 6))).toEqual([]);
    expect(reader.partial).toBe(true);
  });

  test("a compressed frame is refused", () => {
    const frame = frameMessage(bytes(1));
    frame[0] = 1;
    let err: unknown;
    try {
      new FrameReader(100).push(frame);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Internal);
  });

  test("a message past the limit is refused from its length prefix, before its bytes arrive", () => {
    const head = Buffer.from([0, 0, 0, 1, 0]); // announces 256 bytes
    expect(() => new FrameReader(255).push(head)).toThrow(/256 bytes, more than 255/);
    expect(new FrameReader(256).push(head)).toEqual([]);
  });
});
