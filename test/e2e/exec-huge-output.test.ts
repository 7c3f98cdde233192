import { readSse, restPost, streamExec } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * Unary exec of a command that writes 1 GB (issue 11): the answer is a
 * capped result with `truncated: true`, never an error or an empty body,
 * also right after a command on the same session was canceled mid-stream or
 * timed out.
 */

const GIGABYTE = 1_000_000_000;
/** 1 GB of one byte, no newline in it. */
const ONE_LINE = `head -c ${GIGABYTE} /dev/zero | tr '\\0' a`;
/** 1 GB of 10-byte lines. */
const MANY_LINES = `yes aaaaaaaaa | head -c ${GIGABYTE}`;
/** What a capped answer may hold at most: the 1 MiB cap and the note where the middle was cut. */
const MAX_OUTPUT_CHARS = 1024 * 1024 + 200;

interface ExecJson {
  exit_code: number;
  output: string;
  truncated: boolean;
  timed_out: boolean;
  shell_restarted: boolean;
}

async function restExec(daemon: TestDaemon, sessionId: string, cmd: string, timeoutMs = 0) {
  const res = await restPost(daemon, `/v1/sessions/${sessionId}/exec`, {
    cmd,
    timeout_ms: timeoutMs,
  });
  const text = await res.text();
  const json = JSON.parse(text) as ExecJson;
  // REST answers a timed-out command with 504 COMMAND_TIMEOUT, its result in the body.
  expect(res.status, text.slice(0, 500)).toBe(json.timed_out ? 504 : 200);
  return json;
}

/** The 1 GB command's answer: complete, capped, made of its bytes only. */
function expectCapped(r: ExecJson, unit: string) {
  expect(r.exit_code).toBe(0);
  expect(r.timed_out).toBe(false);
  expect(r.shell_restarted).toBe(false);
  expect(r.truncated).toBe(true);
  expect(r.output.length).toBeGreaterThan(64 * 1024);
  expect(r.output.length).toBeLessThanOrEqual(MAX_OUTPUT_CHARS);
  expect(r.output.startsWith(unit.repeat(100))).toBe(true);
}

describe("unary exec of 1 GB of output", () => {
  test("one line of 1 GB: a truncated answer", { timeout: 180_000 }, async ({
    daemon,
    session,
  }) => {
    expectCapped(await restExec(daemon, session.id, ONE_LINE), "a");
    const next = await restExec(daemon, session.id, "echo next");
    expect(next.output).toBe("next\n");
  });

  test("1 GB in 10-byte lines: a truncated answer", { timeout: 180_000 }, async ({
    daemon,
    session,
  }) => {
    expectCapped(await restExec(daemon, session.id, MANY_LINES), "aaaaaaaaa\n");
  });

  test("after a streamed 1 GB command whose client went away", { timeout: 180_000 }, async ({
    daemon,
    session,
  }) => {
    const abort = new AbortController();
    const res = await restPost(
      daemon,
      `/v1/sessions/${session.id}/exec/stream`,
      { cmd: ONE_LINE },
      abort.signal,
    );
    expect(res.status).toBe(200);
    let chunks = 0;
    await readSse(res, (e) => e.event === "chunk" && ++chunks >= 3);
    abort.abort();
    expectCapped(await restExec(daemon, session.id, MANY_LINES), "aaaaaaaaa\n");
  });

  test("after a unary 1 GB exec whose client went away", { timeout: 180_000 }, async ({
    daemon,
    session,
  }) => {
    const abort = new AbortController();
    const gone = restPost(
      daemon,
      `/v1/sessions/${session.id}/exec`,
      { cmd: ONE_LINE },
      abort.signal,
    );
    await new Promise((r) => setTimeout(r, 1500));
    abort.abort();
    await gone.catch(() => {});
    expectCapped(await restExec(daemon, session.id, ONE_LINE), "a");
  });

  test("after a gRPC stream of 1 GB that was canceled", { timeout: 180_000 }, async ({
    api,
    daemon,
    session,
  }) => {
    const abort = new AbortController();
    let bytes = 0;
    await streamExec(api, session.id, ONE_LINE, {
      signal: abort.signal,
      keep: false,
      onOutput: (_stream, data) => {
        bytes += data.length;
        if (bytes > 10_000_000) abort.abort();
      },
    }).catch(() => {});
    expectCapped(await restExec(daemon, session.id, MANY_LINES), "aaaaaaaaa\n");
  });

  test("after a 1 GB command that timed out", { timeout: 180_000 }, async ({ daemon, session }) => {
    const slow = await restExec(daemon, session.id, `${ONE_LINE}; sleep 30`, 1000);
    expect(slow.timed_out).toBe(true);
    expect(slow.truncated).toBe(true);
    expectCapped(await restExec(daemon, session.id, ONE_LINE), "a");
  });
});
