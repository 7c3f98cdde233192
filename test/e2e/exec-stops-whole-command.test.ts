import { sleep, waitForProcess } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/**
 * A timeout or cancel stops the whole command, not just the process that is
 * running: the rest of its list never runs (`sleep 100; rm -rf x` must not
 * remove x), and the shell keeps its state.
 */
describe("a stopped command's list does not go on", () => {
  test("a canceled ExecStream does not run the rest of its list", async ({ api, session }) => {
    const abort = new AbortController();
    const call = api.exec.execStream(
      { sessionId: session.id, cmd: "sleep 5; echo ran >/tmp/should-not-exist" },
      { signal: abort.signal },
    );
    const events = call[Symbol.asyncIterator]();
    const next = events.next();
    // Cancel once the sleep runs (before, there is nothing to kill yet).
    const running = await waitForProcess(session.containerId, "sleep 5");
    expect(running).toBe(true);
    expect((await next).value?.event.case).toBe("started");
    abort.abort();
    await events.next().catch(() => {});
    await sleep(6000);
    const file = await run(
      api,
      session.id,
      "test -e /tmp/should-not-exist && echo exists || echo absent",
    );
    expect(file.output).toBe("absent\n");
  });

  test("a timed-out command does not run the rest of its list", async ({ api, session }) => {
    const r = await run(api, session.id, "sleep 100; echo ran >/tmp/after-timeout", 1000);
    expect(r.timedOut).toBe(true);
    const file = await run(
      api,
      session.id,
      "test -e /tmp/after-timeout && echo exists || echo absent",
    );
    expect(file.output).toBe("absent\n");
  });
});
