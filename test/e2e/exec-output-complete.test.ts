import { OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import { sleep, streamExec } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * A command's output is complete when its answer ends: its last bytes are
 * never lost and never arrive with the next command, however far behind the
 * reader is (the runner reads the pipes empty after the command's status,
 * or waits for a marker bash prints after it: test/runner/shell-output-end).
 */
describe("a command's output ends with it", () => {
  test("300 quick commands: each gets exactly its own last bytes, on stdout and stderr", async ({
    api,
    session,
  }) => {
    for (let i = 0; i < 300; i++) {
      const r = await streamExec(api, session.id, `printf 'out-${i}'; printf 'err-${i}' >&2`);
      expect(r.stdout.toString()).toBe(`out-${i}`);
      expect(r.stderr.toString()).toBe(`err-${i}`);
      expect(r.ended?.exitCode).toBe(0);
    }
  });

  test("combined output, more than a pipe holds, ends with the command's last bytes", async ({
    api,
    session,
  }) => {
    for (let i = 0; i < 20; i++) {
      const r = await streamExec(
        api,
        session.id,
        `head -c 300000 /dev/zero | tr '\\0' x; printf 'err-${i}' >&2; printf 'end-${i}'`,
        { combineOutput: true },
      );
      expect(r.stdout.length).toBe(300_000 + `err-${i}end-${i}`.length);
      expect(r.stdout.subarray(-`err-${i}end-${i}`.length).toString()).toBe(`err-${i}end-${i}`);
      expect(r.stderr.length).toBe(0);
    }
  });

  test("a reader slower than the command still gets the end whole, and the next command none of it", async ({
    api,
    session,
  }) => {
    const size = 16_000_000;
    let stdout = 0;
    let stdoutTail = "";
    let stderr = "";
    const call = api.exec.execStream({
      sessionId: session.id,
      cmd: `head -c ${size} /dev/zero; printf TAIL; printf ERR-TAIL >&2`,
      timeoutMs: 60_000,
    });
    for await (const r of call) {
      if (r.event.case !== "output") continue;
      const data = Buffer.from(r.event.value.data);
      if (r.event.value.stream === OutputStream.STDERR) stderr += data.toString();
      else {
        stdout += data.length;
        stdoutTail = (stdoutTail + data.subarray(-4).toString("latin1")).slice(-4);
      }
      // Behind the command all along: the runner's side stays backed up.
      await sleep(10);
    }
    expect(stdout).toBe(size + 4);
    expect(stdoutTail).toBe("TAIL");
    expect(stderr).toBe("ERR-TAIL");
    const next = await streamExec(api, session.id, "printf next");
    expect(next.stdout.toString()).toBe("next");
    expect(next.stderr.length).toBe(0);
  });
});
