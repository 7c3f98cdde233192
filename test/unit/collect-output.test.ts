import { create } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import {
  type ExecStreamResponse,
  ExecStreamResponseSchema,
} from "../../gen/sandkasten/v1/exec_pb.js";
import { cappedText, omissionNote } from "../../src/exec/capped-text.js";
import { collectOutput } from "../../src/exec/collect-output.js";
import { OutputWindow } from "../../src/exec/output-window.js";
import { OUTPUT_CAP_BYTES, OUTPUT_HEAD_BYTES } from "../../src/limits.js";

/** The unary exec's output cap: head and tail kept, the middle drained and counted, cut characters dropped. */

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

const win = (cap: number, head: number) => new OutputWindow(cap, head);
const text = (w: OutputWindow) => cappedText(w, true).text;

describe("collectOutput", () => {
  test("keeps everything under the cap, in order, and the end event", async () => {
    const s = events([started(), output("one "), output("two "), output("three"), ended(7)]);
    const r = await collectOutput(s.iterable, win(100, 4));
    expect(text(r.window)).toBe("one two three");
    expect(r.window.truncated).toBe(false);
    expect(r.window.totalBytes).toBe(13);
    expect(r.ended?.exitCode).toBe(7);
  });

  test("exactly the cap is not truncated", async () => {
    const r = await collectOutput(
      events([output("12345"), output("67890"), ended()]).iterable,
      win(10, 3),
    );
    expect(text(r.window)).toBe("1234567890");
    expect(r.window.truncated).toBe(false);
    expect(r.window.omittedBytes).toBe(0);
  });

  test("past the cap keeps the head and the tail, counts what it dropped, and reads to the end", async () => {
    const list = [
      started(),
      output("abcdef"),
      output("ghijkl"),
      output("mnop"),
      output("more"),
      ended(3),
    ];
    const s = events(list);
    const r = await collectOutput(s.iterable, win(8, 3));
    const capped = cappedText(r.window, true);
    expect(capped.text).toBe(`abc${omissionNote(12)}pmore`);
    expect(capped).toMatchObject({
      truncated: true,
      totalBytes: 20,
      omittedBytes: 12,
      headBytes: 3,
      tailBytes: 5,
    });
    expect(r.ended?.exitCode).toBe(3);
    expect(s.read()).toBe(list.length);
  });

  test("the end of the output survives however it arrives: one piece, many pieces, a huge last piece", async () => {
    const whole = Buffer.from(Array.from({ length: 5000 }, (_, i) => `${i}\n`).join(""));
    for (const size of [1, 7, 100, 4096, whole.length]) {
      const pieces = [];
      for (let i = 0; i < whole.length; i += size) pieces.push(output(whole.subarray(i, i + size)));
      const r = await collectOutput(events([...pieces, ended()]).iterable, win(1000, 200));
      const { head, tail } = r.window.parts();
      expect(head.equals(whole.subarray(0, 200)), `pieces of ${size}`).toBe(true);
      expect(tail.equals(whole.subarray(whole.length - 800)), `pieces of ${size}`).toBe(true);
      expect(r.window.omittedBytes).toBe(whole.length - 1000);
    }
  });

  test("the default window is 1 MiB: the first 64 KiB and the last 960 KiB", async () => {
    const big = Buffer.alloc(OUTPUT_CAP_BYTES + 10, 0x61);
    big.write("END", big.length - 3);
    const r = await collectOutput(
      events([output(big.subarray(0, 700_000)), output(big.subarray(700_000)), ended()]).iterable,
    );
    expect(OUTPUT_CAP_BYTES).toBe(1024 * 1024);
    expect(OUTPUT_HEAD_BYTES).toBe(64 * 1024);
    const { head, tail } = r.window.parts();
    expect(head.length + tail.length).toBe(OUTPUT_CAP_BYTES);
    expect(head.length).toBe(OUTPUT_HEAD_BYTES);
    expect(tail.toString().endsWith("END")).toBe(true);
    expect(r.window.truncated).toBe(true);
    expect(r.window.omittedBytes).toBe(10);
  });

  test("a stream without an end event reports none", async () => {
    const r = await collectOutput(events([started(), output("x")]).iterable);
    expect(r.ended).toBeUndefined();
  });
});

describe("cappedText", () => {
  const chars = [
    ["ä", 2],
    ["€", 3],
    ["😀", 4],
  ] as const;

  for (const [char, width] of chars) {
    test(`drops a ${width}-byte character (${char}) cut at either edge of the gap, keeps whole ones`, () => {
      const line = `ok ${char}`.repeat(20);
      const bytes = Buffer.from(line);
      for (let head = 1; head < 12; head++) {
        for (let cap = head + 1; cap < head + 12; cap++) {
          const w = win(cap, head);
          w.push(bytes);
          const t = cappedText(w, true).text;
          expect(t, `head ${head} cap ${cap}`).not.toContain("\uFFFD");
          const [before, after] = t.split(omissionNote(w.omittedBytes));
          expect(line.startsWith(before ?? "x")).toBe(true);
          expect(line.endsWith(after ?? "x")).toBe(true);
        }
      }
    });
  }

  test("untruncated output is decoded as is, even when it ends in a broken character", () => {
    const w = win(10, 2);
    w.push(Buffer.concat([Buffer.from("x"), Buffer.from("€").subarray(0, 2)]));
    expect(cappedText(w, true).text).toBe("x\uFFFD");
  });

  test("cleaning applies to both sides of the gap, the note stays", () => {
    const w = win(20, 10);
    w.push(Buffer.from(`\x1b[31mred\r\n${"x".repeat(100)}\x1b[0mend\r\n`));
    const capped = cappedText(w, false);
    expect(capped.text).toBe(`red\n${omissionNote(capped.omittedBytes)}xend\n`);
  });

  test("a head as large as the cap keeps only the beginning; no head keeps only the end", () => {
    const a = win(4, 4);
    a.push(Buffer.from("abcdefgh"));
    expect(text(a)).toBe(`abcd${omissionNote(4)}`);
    const b = win(4, 0);
    b.push(Buffer.from("abcdefgh"));
    expect(text(b)).toBe(`${omissionNote(4)}efgh`);
  });
});
