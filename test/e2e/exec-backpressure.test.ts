import { sleep } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/**
 * A command that writes ~1 KiB lines as fast as it can and, after each line,
 * its line counter to /tmp/progress (fixed width, written in place: a kill
 * can't leave it empty). In a subshell, so that a timeout or a
 * cancel stops it by killing processes (not the session's bash).
 */
const FLOOD = `( i=0; while :; do i=$((i+1)); printf '%01000d\\n' "$i"; printf '%012d' "$i" 1<>/tmp/progress; done )`;
const WINDOW_MS = 3000;

describe("back-pressure", () => {
  test("a client that stops reading slows the command down to what the buffers hold", async ({
    api,
    session,
  }) => {
    // Calibration: the same loop, same time, nobody slowing it down.
    const free = await run(api, session.id, `${FLOOD} >/dev/null`, WINDOW_MS);
    expect(free.timedOut).toBe(true);
    const unthrottled = Number((await run(api, session.id, "cat /tmp/progress")).output);
    expect(unthrottled).toBeGreaterThan(1000);
    await run(api, session.id, "rm -f /tmp/progress");

    const abort = new AbortController();
    const call = api.exec.execStream(
      { sessionId: session.id, cmd: FLOOD, timeoutMs: 60_000 },
      { signal: abort.signal },
    );
    const events = call[Symbol.asyncIterator]();
    const first = await events.next();
    expect(first.value?.event.case).toBe("started");
    // Now read nothing for a while: the command must block on its full pipe.
    await sleep(WINDOW_MS);
    const progress = async () =>
      Number(
        Buffer.from(
          (await api.fs.readFile({ sessionId: session.id, path: "/tmp/progress" })).content,
        ).toString(),
      );
    const throttled = await progress();
    await sleep(1000);
    const oneSecondLater = await progress();
    abort.abort();
    await events.return?.(undefined).catch(() => {});

    const counts = `throttled ${throttled} then ${oneSecondLater}, unthrottled ${unthrottled}`;
    expect(throttled, counts).toBeGreaterThan(0);
    // 30 MB worth of lines: far more than every buffer on the way together.
    expect(throttled, counts).toBeLessThan(30_000);
    // Blocked, not just slow: a second later it has hardly moved on.
    expect(oneSecondLater - throttled, counts).toBeLessThan((unthrottled / 3) * 0.05);

    // The cancel freed the shell.
    const after = await run(api, session.id, "echo ok");
    expect(after.output).toBe("ok\n");
  });
});
