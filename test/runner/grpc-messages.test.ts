import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import {
  ExecStreamRequestSchema,
  ExecStreamResponseSchema,
  OutputStream,
} from "../../gen/sandkasten/v1/exec_pb.js";
import { ActivateRequestSchema } from "../../gen/sandkasten/v1/runner_pb.js";
import {
  decodeExecStreamRequest,
  endedFrame,
  keepaliveFrame,
  outputFrameHead,
  startedFrame,
} from "../../runner/grpc/exec-messages.js";
import { decodeActivateRequest, EMPTY_MESSAGE_FRAME } from "../../runner/grpc/runner-messages.js";

/**
 * The runner encodes and decodes its exec and runner messages by hand; the
 * daemon reads and writes them with protobuf-es. Both must agree byte for
 * byte, gRPC frame included.
 */

/** The message inside one gRPC frame, checking the frame's prefix. */
function unframe(frame: Buffer): Uint8Array {
  expect(frame[0]).toBe(0);
  expect(frame.readUInt32BE(1)).toBe(frame.length - 5);
  return frame.subarray(5);
}

const decode = (frame: Buffer) => fromBinary(ExecStreamResponseSchema, unframe(frame));

describe("ExecStream messages by hand", () => {
  test("started carries the start time", () => {
    const at = Date.now();
    expect(decode(startedFrame(at)).event).toEqual({
      case: "started",
      value: expect.objectContaining({ startedAtMs: BigInt(at) }),
    });
  });

  test("keepalive", () => {
    expect(decode(keepaliveFrame()).event.case).toBe("keepalive");
  });

  test("ended with every field, a negative exit code and a non-ASCII directory", () => {
    const e = decode(
      endedFrame({
        exitCode: -1,
        cwd: "/tmp/ünïcødé ✓",
        durationMs: 2 ** 40 + 3,
        timedOut: true,
        shellRestarted: true,
      }),
    ).event;
    expect(e.case).toBe("ended");
    if (e.case !== "ended") return;
    expect(e.value.exitCode).toBe(-1);
    expect(e.value.cwd).toBe("/tmp/ünïcødé ✓");
    expect(e.value.durationMs).toBe(BigInt(2 ** 40 + 3));
    expect(e.value.timedOut).toBe(true);
    expect(e.value.shellRestarted).toBe(true);
  });

  test("ended with zero values is what protobuf-es writes for them", () => {
    const mine = unframe(
      endedFrame({ exitCode: 0, cwd: "", durationMs: 0, timedOut: false, shellRestarted: false }),
    );
    const theirs = toBinary(
      ExecStreamResponseSchema,
      create(ExecStreamResponseSchema, { event: { case: "ended", value: {} } }),
    );
    expect(Buffer.from(mine)).toEqual(Buffer.from(theirs));
  });

  // Lengths around each varint boundary, in one chunk and in several.
  for (const size of [1, 127, 128, 16_383, 16_384, 65_536, 1 << 20]) {
    test(`output of ${size} bytes in chunks equals protobuf-es's encoding`, () => {
      const data = Buffer.alloc(size, 7);
      for (let i = 0; i < size; i += 97) data[i] = i % 251;
      const chunks = [data.subarray(0, size >> 1), data.subarray(size >> 1)].filter(
        (c) => c.length,
      );
      const frame = Buffer.concat([outputFrameHead("stderr", size), ...chunks]);
      const theirs = toBinary(
        ExecStreamResponseSchema,
        create(ExecStreamResponseSchema, {
          event: { case: "output", value: { stream: OutputStream.STDERR, data } },
        }),
      );
      expect(Buffer.from(unframe(frame)).equals(Buffer.from(theirs))).toBe(true);
    });
  }

  test("the request, with the session id and unknown fields skipped", () => {
    const known = toBinary(
      ExecStreamRequestSchema,
      create(ExecStreamRequestSchema, {
        sessionId: "s1",
        cmd: "echo ✓ 'quoted'\nline two",
        timeoutMs: 4_000_000_000,
        combineOutput: true,
      }),
    );
    // Field 9 as a varint, field 10 as a fixed64, field 11 as a fixed32: a newer daemon's.
    const unknown = Buffer.from([0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5d, 1, 2, 3, 4]);
    expect(decodeExecStreamRequest(Buffer.concat([known, unknown]))).toEqual({
      cmd: "echo ✓ 'quoted'\nline two",
      timeoutMs: 4_000_000_000,
      combineOutput: true,
    });
    expect(decodeExecStreamRequest(Buffer.alloc(0))).toEqual({
      cmd: "",
      timeoutMs: 0,
      combineOutput: false,
    });
  });

  test("a truncated request is refused", () => {
    const req = toBinary(ExecStreamRequestSchema, create(ExecStreamRequestSchema, { cmd: "true" }));
    expect(() => decodeExecStreamRequest(Buffer.from(req).subarray(0, req.length - 1))).toThrow();
  });
});

describe("RunnerService messages by hand", () => {
  test("Activate's variables, __proto__ and empty values included", () => {
    const env = { A: "1", EMPTY: "", ["__proto__"]: "p", LONG: "x".repeat(40_000), UTF: "ü ✓" };
    expect(Object.keys(env)).toContain("__proto__");
    const bytes = toBinary(ActivateRequestSchema, create(ActivateRequestSchema, { env }));
    expect(Object.entries(decodeActivateRequest(Buffer.from(bytes)))).toEqual(Object.entries(env));
  });

  test("the empty response is one empty frame", () => {
    expect(unframe(EMPTY_MESSAGE_FRAME).length).toBe(0);
  });
});
