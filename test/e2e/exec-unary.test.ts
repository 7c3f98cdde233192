import { restPost } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

const CAP = 1024 * 1024;

/** The JSON body of REST exec's answer. */
interface RestExecResult {
  exit_code: number;
  cwd: string;
  output: string;
  truncated: boolean;
  timed_out: boolean;
  shell_restarted: boolean;
}

const jsonOf = async (res: Response) => (await res.json()) as RestExecResult;
const INTERLEAVED = "for i in 1 2 3; do echo o$i; echo e$i >&2; done";
const NOISY = String.raw`printf '\033[1;31mred\033[0m\r\nbar\033]0;title\007\r\n50%%\r100%%\n'`;

describe("unary Exec (gRPC)", () => {
  test("stdout and stderr come back interleaved in their exact order", async ({ api, session }) => {
    const r = await run(api, session.id, INTERLEAVED);
    expect(r.output).toBe("o1\ne1\no2\ne2\no3\ne3\n");
    expect(r).toMatchObject({
      exitCode: 0,
      truncated: false,
      timedOut: false,
      shellRestarted: false,
    });
  });

  test("ANSI escapes and carriage returns are cleaned", async ({ api, session }) => {
    const r = await run(api, session.id, NOISY);
    expect(r.output).toBe("red\nbar\n50%\n100%\n");
  });

  test("raw_output keeps ANSI escapes and carriage returns", async ({ api, session }) => {
    const r = await api.exec.exec({ sessionId: session.id, cmd: NOISY, rawOutput: true });
    expect(r.output).toBe("\x1b[1;31mred\x1b[0m\r\nbar\x1b]0;title\x07\r\n50%\r100%\n");
  });

  test("output past 1 MiB is cut at 1 MiB, truncated is set, and the command runs to its end", async ({
    api,
    session,
  }) => {
    const r = await run(
      api,
      session.id,
      "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo TAIL; touch /tmp/after-big; sh -c 'exit 7'",
    );
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.output)).toBe(CAP);
    expect(r.output).toBe("x".repeat(CAP));
    // The command went on after its output was cut: its exit code and its side effect.
    expect(r.exitCode).toBe(7);
    expect((await run(api, session.id, "test -f /tmp/after-big && echo there")).output).toBe(
      "there\n",
    );
  });

  test("exactly 1 MiB of output is not truncated", async ({ api, session }) => {
    const r = await run(api, session.id, `head -c ${CAP} /dev/zero | tr '\\0' y`);
    expect(r.truncated).toBe(false);
    expect(r.output).toBe("y".repeat(CAP));
  });

  for (const cut of [1, 2, 3]) {
    test(`a 4-byte UTF-8 character cut after ${cut} byte(s) by the cap is dropped, not turned into U+FFFD`, async ({
      api,
      session,
    }) => {
      const prefix = CAP - cut;
      const r = await run(
        api,
        session.id,
        `head -c ${prefix} /dev/zero | tr '\\0' a; for i in $(seq 100); do printf '🎉'; done`,
      );
      expect(r.truncated).toBe(true);
      expect(r.output).not.toContain("\uFFFD");
      expect(r.output).toBe("a".repeat(prefix));
    });
  }

  test("a 3-byte UTF-8 character cut by the cap is dropped; whole ones before it stay", async ({
    api,
    session,
  }) => {
    // 349525 × "€" (3 bytes) = 1048575 bytes: the next € is cut after 1 byte.
    const r = await run(api, session.id, "for i in $(seq 349600); do printf '€'; done");
    expect(r.truncated).toBe(true);
    expect(r.output).not.toContain("\uFFFD");
    expect(r.output).toBe("€".repeat(349525));
  });
});

describe("REST exec", () => {
  test("stdout and stderr interleaved in exact order, snake_case result", async ({
    daemon,
    session,
  }) => {
    const res = await restPost(daemon, `/v1/sessions/${session.id}/exec`, {
      cmd: `cd /tmp; ${INTERLEAVED}`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      exit_code: 0,
      cwd: "/tmp",
      output: "o1\ne1\no2\ne2\no3\ne3\n",
      truncated: false,
      timed_out: false,
      shell_restarted: false,
    });
  });

  test("cleans ANSI and \\r unless raw_output", async ({ daemon, session }) => {
    const path = `/v1/sessions/${session.id}/exec`;
    const clean = await jsonOf(await restPost(daemon, path, { cmd: NOISY }));
    expect(clean.output).toBe("red\nbar\n50%\n100%\n");
    const raw = await jsonOf(await restPost(daemon, path, { cmd: NOISY, raw_output: true }));
    expect(raw.output).toBe("\x1b[1;31mred\x1b[0m\r\nbar\x1b]0;title\x07\r\n50%\r100%\n");
  });

  test("truncates at 1 MiB and reports the exit code of the whole command", async ({
    daemon,
    session,
  }) => {
    const res = await restPost(daemon, `/v1/sessions/${session.id}/exec`, {
      cmd: "head -c 2000000 /dev/zero | tr '\\0' z; false",
    });
    const body = await jsonOf(res);
    expect(body.truncated).toBe(true);
    expect(body.output).toBe("z".repeat(CAP));
    expect(body.exit_code).toBe(1);
  });
});
