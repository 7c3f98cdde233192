import { describe, expect, test } from "vitest";
import { parseStatusLine } from "../../runner/pty/status-line.js";

describe("ptyhost's status lines", () => {
  test("each kind of line is read", () => {
    expect(parseStatusLine("started 42")).toEqual({ kind: "started", pid: 42 });
    expect(parseStatusLine("exited 3")).toEqual({ kind: "exited", exitCode: 3 });
    expect(parseStatusLine("signaled SIGKILL")).toEqual({ kind: "signaled", signal: "SIGKILL" });
    expect(parseStatusLine("error vim: command not found")).toEqual({
      kind: "error",
      message: "vim: command not found",
    });
  });

  test("anything malformed is unknown, never a number or name passed on", () => {
    for (const line of [
      "started -1",
      "started 0",
      "started 12345678901",
      "exited 1000",
      "exited x",
      "signaled kill",
      "signaled SIGKILL; rm -rf /",
      "",
      "bogus",
    ]) {
      expect(parseStatusLine(line).kind).toBe("unknown");
    }
  });
});
