import { describe, expect, test } from "vitest";
import { omissionNote } from "../../src/exec/capped-text.js";
import { ExecOutput } from "../../src/mcp/exec-output.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("ExecOutput (the text exec streams and returns)", () => {
  test("a character split between two pieces comes out whole, once", () => {
    const out = new ExecOutput(100);
    const ue = bytes("ü");
    expect(out.push(Uint8Array.of(...bytes("gr"), ue[0] ?? 0))).toBe("gr");
    expect(out.push(Uint8Array.of(ue[1] ?? 0, ...bytes("n\n")))).toBe("ün\n");
    expect(out.end()).toBe("");
    expect(out.result().text).toBe("grün\n");
  });

  test("terminal escapes and carriage returns are cleaned, also across pieces", () => {
    const out = new ExecOutput(100);
    const shown = [out.push(bytes("\x1b[3")), out.push(bytes("1mred\x1b[0m\r")), out.end()];
    expect(shown.join("")).toBe("red\n");
    expect(out.result().text).toBe("red\n");
  });

  test("past the limit nothing more is shown; the result keeps head and tail and says truncated", () => {
    const out = new ExecOutput(5, 2);
    expect(out.push(bytes("abc"))).toBe("abc");
    expect(out.result().truncated).toBe(false);
    expect(out.push(bytes("defg"))).toBe("de");
    expect(out.push(bytes("hij"))).toBe("");
    expect(out.end()).toBe("");
    expect(out.result()).toMatchObject({
      text: `ab${omissionNote(5)}hij`,
      truncated: true,
      totalBytes: 10,
      omittedBytes: 5,
    });
  });
});
