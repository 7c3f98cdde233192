import { create } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import {
  type ExecStreamResponse,
  ExecStreamResponseSchema,
} from "../../gen/sandkasten/v1/exec_pb.js";
import { collectOutput, decodeCapped, OUTPUT_CAP_BYTES } from "../../src/exec/collect-output.js";

/** The unary exec's output cap: what is kept, what is drained, and how a cut character is decoded. */

function started(): ExecStreamResponse {
  return create(ExecStreamResponseSchema, {
    event: { case: "started", value: { startedAtMs: 1n } },
  });
}
function output(data: Uint8Array | string): ExecStreamResponse {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  return create(ExecStreamResponseSchema, {
    event: { case: "output", value: { stream: 1, data: bytes } },
  });
}
function ended(exitCode = 0): ExecStreamResponse {
  return create(ExecStreamResponseSchema, {
    event: { case: "ended", value: { exitCode, cwd: "/w", durationMs: 5n } },
  });
}

/** An event stream that records how far it was read. */
function events(list: ExecStreamResponse[]): {
  iterable: AsyncIterable<ExecStreamResponse>;
  read: () => number;
} {
  let read = 0;
  return {
    read: () => read,
    iterable: (async function* () {
      for (const e of list) {
        read++;
        yield e;
      }
    })(),
  };
}

describe("collectOutput", () => {
  test("keeps everything under the cap, in order, and the end event", async () => {
    const s = events([started(), output("one "), output("two "), output("three"), ended(7)]);
    const r = await collectOutput(s.iterable, 100);
    expect(r.bytes.toString()).toBe("one two three");
    expect(r.truncated).toBe(false);
    expect(r.ended?.exitCode).toBe(7);
  });

  test("exactly the cap is not truncated", async () => {
    const r = await collectOutput(events([output("12345"), output("67890"), ended()]).iterable, 10);
    expect(r.bytes.toString()).toBe("1234567890");
    expect(r.truncated).toBe(false);
  });

  test("past the cap keeps exactly cap bytes, says truncated, and still reads to the end", async () => {
    const list = [
      started(),
      output("abcdef"),
      output("ghijkl"),
      output("mnop"),
      output("more"),
      ended(3),
    ];
    const s = events(list);
    const r = await collectOutput(s.iterable, 8);
    expect(r.bytes.toString()).toBe("abcdefgh");
    expect(r.truncated).toBe(true);
    expect(r.ended?.exitCode).toBe(3);
    expect(s.read()).toBe(list.length);
  });

  test("the default cap is 1 MiB", async () => {
    const big = Buffer.alloc(OUTPUT_CAP_BYTES + 10, 0x61);
    const r = await collectOutput(
      events([output(big.subarray(0, 700_000)), output(big.subarray(700_000)), ended()]).iterable,
    );
    expect(OUTPUT_CAP_BYTES).toBe(1024 * 1024);
    expect(r.bytes.length).toBe(OUTPUT_CAP_BYTES);
    expect(r.truncated).toBe(true);
  });

  test("a stream without an end event reports none", async () => {
    const r = await collectOutput(events([started(), output("x")]).iterable);
    expect(r.ended).toBeUndefined();
  });
});

describe("decodeCapped", () => {
  const chars = [
    ["ä", 2],
    ["€", 3],
    ["😀", 4],
  ] as const;

  for (const [char, width] of chars) {
    test(`drops a ${width}-byte character (${char}) the cap cut at every point, keeps it whole`, () => {
      const text = `ok ${char}`;
      const bytes = Buffer.from(text);
      expect(bytes.length).toBe(3 + width);
      for (let cut = 1; cut < width; cut++) {
        expect(decodeCapped(bytes.subarray(0, 3 + cut), true), `cut after ${cut} byte(s)`).toBe(
          "ok ",
        );
      }
      expect(decodeCapped(bytes, true)).toBe(text);
    });
  }

  test("the cap at a multi-byte boundary through collectOutput: no replacement character", async () => {
    const text = "€€€€"; // 12 bytes
    for (let cap = 1; cap <= 12; cap++) {
      const r = await collectOutput(events([output(text), ended()]).iterable, cap);
      const decoded = decodeCapped(r.bytes, r.truncated);
      expect(decoded, `cap ${cap}`).toBe("€".repeat(Math.floor(cap / 3)));
      expect(decoded).not.toContain("\uFFFD");
    }
  });

  test("untruncated output is decoded as is, even when it ends in a broken character", () => {
    const broken = Buffer.concat([Buffer.from("x"), Buffer.from("€").subarray(0, 2)]);
    expect(decodeCapped(broken, false)).toBe("x\uFFFD");
  });

  test("ASCII and empty output are unchanged", () => {
    expect(decodeCapped(Buffer.from("plain"), true)).toBe("plain");
    expect(decodeCapped(Buffer.alloc(0), true)).toBe("");
  });
});
