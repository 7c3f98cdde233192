import { describe, expect, it } from "vitest";
import { cleanOutput, createOutputCleaner } from "../../src/exec/clean-output.js";

function cleanInPieces(pieces: string[]): string {
  const cleaner = createOutputCleaner();
  return pieces.map((piece) => cleaner.push(piece)).join("") + cleaner.flush();
}

describe("cleanOutput", () => {
  it("strips CSI sequences such as colours and cursor moves", () => {
    expect(cleanOutput("\x1b[01;34mdir\x1b[0m file\x1b[K\x1b[?2004h\x1b[2J")).toBe("dir file");
  });

  it("strips OSC sequences ended by BEL or ST", () => {
    expect(cleanOutput("\x1b]0;user@host: ~\x07ok\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\")).toBe(
      "oklink",
    );
  });

  it("strips DCS and other string sequences and short ESC sequences", () => {
    expect(cleanOutput("a\x1bPq#0\x1b\\b\x1b_apc\x1b\\c\x1b(Bd\x1b=e\x1b7f\x1bMg")).toBe("abcdefg");
  });

  it("turns \\r\\n and lone \\r into \\n", () => {
    expect(cleanOutput("a\r\nb\rc\n\r\nd\r")).toBe("a\nb\nc\n\nd\n");
  });

  it("drops a lone ESC and malformed sequences but keeps the text after them", () => {
    expect(cleanOutput("a\x1b\nb")).toBe("a\nb");
    expect(cleanOutput("a\x1b[12\nb")).toBe("a\nb");
    expect(cleanOutput("x\x1b\x1b[31my")).toBe("xy");
  });

  it("drops an escape sequence left unterminated at the end", () => {
    expect(cleanOutput("done\x1b[3")).toBe("done");
    expect(cleanOutput("done\x1b]0;title")).toBe("done");
  });

  it("keeps text after an ESC that starts no sequence within the length bound", () => {
    const text = `a\x1b]${"x".repeat(5000)}`;
    expect(cleanOutput(text)).toBe(`a]${"x".repeat(5000)}`);
  });

  it("leaves plain text and UTF-8 alone", () => {
    expect(cleanOutput("grüße 日本 🎉\n")).toBe("grüße 日本 🎉\n");
  });
});

describe("createOutputCleaner", () => {
  const sample =
    "\x1b]0;t\x07$ ls\r\n\x1b[01;34mdir\x1b[0m\r\nprogress 10%\rprogress 100%\r\n\x1b(B";

  it("gives the same result however the text is split", () => {
    const whole = cleanOutput(sample);
    expect(whole).toBe("$ ls\ndir\nprogress 10%\nprogress 100%\n");
    for (let cut = 0; cut <= sample.length; cut++) {
      expect(cleanInPieces([sample.slice(0, cut), sample.slice(cut)])).toBe(whole);
    }
    expect(cleanInPieces([...sample])).toBe(whole);
  });

  it("holds back an escape sequence split between pieces", () => {
    const cleaner = createOutputCleaner();
    expect(cleaner.push("red: \x1b[3")).toBe("red: ");
    expect(cleaner.push("1mRED\x1b")).toBe("RED");
    expect(cleaner.push("[0m.")).toBe(".");
    expect(cleaner.flush()).toBe("");
  });

  it("holds back a \\r until it knows whether \\n follows", () => {
    const cleaner = createOutputCleaner();
    expect(cleaner.push("a\r")).toBe("a");
    expect(cleaner.push("\nb\r")).toBe("\nb");
    expect(cleaner.push("c")).toBe("\nc");
    expect(cleaner.push("\r")).toBe("");
    expect(cleaner.flush()).toBe("\n");
  });

  it("holds back no more than the sequence length bound", () => {
    const cleaner = createOutputCleaner();
    let out = cleaner.push("\x1b]");
    for (let i = 0; i < 10; i++) out += cleaner.push("y".repeat(1000));
    expect(out).toBe(`]${"y".repeat(10_000)}`);
  });
});
