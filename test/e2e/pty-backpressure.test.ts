import { sleep } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/** ~1 KiB lines as fast as it can, its line counter in /tmp/progress after each (as in exec-backpressure). */
const FLOOD = `i=0; while :; do i=$((i+1)); printf '%01000d\\n' "$i"; printf '%012d' "$i" 1<>/tmp/progress; done`;
const WINDOW_MS = 3000;

describe("terminal back-pressure", () => {
  test("a client that stops reading blocks the program, not memory; Ctrl-C still works", async ({
    api,
    session,
  }) => {
    const abort = new AbortController();
    const call = api.pty.openPty(
      { sessionId: session.id, cols: 80, rows: 24, command: ["bash", "-c", FLOOD] },
      { signal: abort.signal },
    );
    const events = call[Symbol.asyncIterator]();
    const first = await events.next();
    expect(first.value?.event.case).toBe("opened");
    const ptyId = first.value?.event.case === "opened" ? first.value.event.value.ptyId : "";
    // Read nothing for a while: the program must block on the full terminal.
    await sleep(WINDOW_MS);
    const progress = async () =>
      Number((await run(api, session.id, "cat /tmp/progress")).output || "0");
    const throttled = await progress();
    await sleep(1000);
    const oneSecondLater = await progress();
    const counts = `throttled ${throttled} then ${oneSecondLater}`;
    expect(throttled, counts).toBeGreaterThan(0);
    // 30 MB worth of lines: far more than every buffer on the way together.
    expect(throttled, counts).toBeLessThan(30_000);
    expect(oneSecondLater - throttled, counts).toBeLessThan(500);

    // Input still reaches the terminal while its output is stuck.
    await api.pty.writePty({ sessionId: session.id, ptyId, data: new Uint8Array([3]) });
    let last: string | undefined;
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      last = next.value.event.case;
      if (last === "exited") {
        expect(next.value.event.value).toMatchObject({ exitCode: -1, signal: "SIGINT" });
        break;
      }
    }
    expect(last).toBe("exited");
    abort.abort();
  });
});
