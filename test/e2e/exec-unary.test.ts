import { omissionNote } from "../../src/exec/capped-text.js";
import { restPost } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

const CAP = 1024 * 1024;
const HEAD = 64 * 1024;

/** The JSON body of REST exec's answer. */
interface RestExecResult {
  exit_code: number;
  cwd: string;
  output: string;
  truncated: boolean;
  timed_out: boolean;
  shell_restarted: boolean;
  output_bytes: number;
  omitted_bytes?: number;
  head_bytes?: number;
  tail_bytes?: number;
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

  test("output past 1 MiB keeps its first 64 KiB and last 960 KiB, says what it left out, and the command runs to its end", async ({
    api,
    session,
  }) => {
    const r = await run(
      api,
      session.id,
      "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo TAIL; touch /tmp/after-big; sh -c 'exit 7'",
    );
    const total = 3_000_000 + 1 + 5;
    expect(r).toMatchObject({
      truncated: true,
      outputBytes: BigInt(total),
      omittedBytes: BigInt(total - CAP),
      headBytes: BigInt(HEAD),
      tailBytes: BigInt(CAP - HEAD),
    });
    expect(r.output).toBe(
      `${"x".repeat(HEAD)}${omissionNote(total - CAP)}${"x".repeat(CAP - HEAD - 6)}\nTAIL\n`,
    );
    // The command went on after its output was cut: its exit code and its side effect.
    expect(r.exitCode).toBe(7);
    expect((await run(api, session.id, "test -f /tmp/after-big && echo there")).output).toBe(
      "there\n",
    );
  });

  test("the last line survives a flood: seq 1 500000; echo ERR >&2", async ({ api, session }) => {
    const r = await run(api, session.id, "seq 1 500000; echo ERR >&2");
    expect(r.truncated).toBe(true);
    expect(r.output.startsWith("1\n2\n3\n")).toBe(true);
    expect(r.output.endsWith("499999\n500000\nERR\n")).toBe(true);
    expect(r.output).toContain(omissionNote(Number(r.omittedBytes)));
    expect(Number(r.outputBytes)).toBe(3_388_895 + 4);
  });

  test("exactly 1 MiB of output is not truncated", async ({ api, session }) => {
    const r = await run(api, session.id, `head -c ${CAP} /dev/zero | tr '\\0' y`);
    expect(r.truncated).toBe(false);
    expect(r.output).toBe("y".repeat(CAP));
    expect(r.outputBytes).toBe(BigInt(CAP));
  });

  for (const cut of [1, 2, 3]) {
    test(`a 4-byte UTF-8 character cut after ${cut} byte(s) at either edge of the gap is dropped, not turned into U+FFFD`, async ({
      api,
      session,
    }) => {
      // The head ends `cut` bytes into an emoji; `cut` bytes after the emojis
      // make the tail begin `4 - cut` bytes before the end of one.
      const prefix = HEAD - cut;
      const r = await run(
        api,
        session.id,
        `head -c ${prefix} /dev/zero | tr '\\0' a; for i in $(seq 300000); do printf '🎉'; done; printf '${"b".repeat(cut)}'`,
      );
      expect(r.truncated).toBe(true);
      expect(r.output).not.toContain("\uFFFD");
      const [head, tail] = r.output.split(omissionNote(Number(r.omittedBytes)));
      expect(head).toBe("a".repeat(prefix));
      expect(tail?.startsWith("🎉")).toBe(true);
      expect(tail?.endsWith(`🎉${"b".repeat(cut)}`)).toBe(true);
    });
  }

  test("a 3-byte UTF-8 character cut at the head's end is dropped; whole ones before it stay", async ({
    api,
    session,
  }) => {
    // 21845 × "€" (3 bytes) = 65535 bytes: the next € is cut after 1 byte.
    const r = await run(api, session.id, "for i in $(seq 400000); do printf '€'; done");
    expect(r.truncated).toBe(true);
    expect(r.output).not.toContain("\uFFFD");
    expect(r.output.startsWith(`${"€".repeat(21845)}\n[...`)).toBe(true);
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

  test("past 1 MiB keeps head and tail, counts the bytes, and reports the whole command's exit code", async ({
    daemon,
    session,
  }) => {
    const res = await restPost(daemon, `/v1/sessions/${session.id}/exec`, {
      cmd: "head -c 2000000 /dev/zero | tr '\\0' z; echo ERR >&2; false",
    });
    const body = await jsonOf(res);
    expect(body).toMatchObject({
      truncated: true,
      exit_code: 1,
      output_bytes: 2_000_004,
      omitted_bytes: 2_000_004 - CAP,
      head_bytes: HEAD,
      tail_bytes: CAP - HEAD,
    });
    expect(body.output.endsWith("zzzERR\n")).toBe(true);
    expect(body.output).toContain(omissionNote(2_000_004 - CAP));
  });
});
