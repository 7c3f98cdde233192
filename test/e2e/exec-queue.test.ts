import type { Clients } from "../support/clients.js";
import { restPost, sleep, streamExec } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/**
 * A second exec while one runs on the same session waits for its turn
 * (issue 11): execs run one at a time in the order they came; one whose
 * client goes away before its turn never runs; its timeout counts from its
 * arrival, the wait included.
 */

/**
 * Starts a streamed exec; resolves once the command has started in the
 * shell, with the call's end (wrapped: an async function's result can't be a
 * promise).
 */
async function startRunning(api: Clients, sessionId: string, cmd: string) {
  let started: () => void = () => {};
  const running = new Promise<void>((resolve) => {
    started = resolve;
  });
  const call = (async () => {
    const events = api.exec.execStream({ sessionId, cmd });
    let ended: { exitCode: number } | undefined;
    for await (const e of events) {
      if (e.event.case === "started") started();
      if (e.event.case === "ended") ended = e.event.value;
    }
    return ended;
  })();
  await running;
  return { ended: call };
}

describe("execs queued on one session", () => {
  test("two concurrent execs both complete, in the order they came", async ({ api, session }) => {
    const first = await startRunning(api, session.id, "sleep 1; echo first >>/tmp/order");
    const second = run(api, session.id, "echo second >>/tmp/order; echo second-done");
    expect((await second).output).toBe("second-done\n");
    expect((await first.ended)?.exitCode).toBe(0);
    expect((await run(api, session.id, "cat /tmp/order")).output).toBe("first\nsecond\n");
  });

  test("a queued exec canceled before its turn never runs", async ({ api, session }) => {
    const first = await startRunning(api, session.id, "sleep 2; echo first >>/tmp/order");
    const abort = new AbortController();
    const queued = streamExec(api, session.id, "touch /tmp/queued-ran; echo ran >>/tmp/order", {
      signal: abort.signal,
    });
    await sleep(300);
    abort.abort();
    await expect(queued).rejects.toThrow();
    // The one behind the canceled one still runs after the first, in order.
    const third = run(api, session.id, "echo third >>/tmp/order");
    expect((await first.ended)?.exitCode).toBe(0);
    expect((await third).exitCode).toBe(0);
    const after = await run(
      api,
      session.id,
      "ls /tmp/queued-ran 2>&1 || echo absent; cat /tmp/order",
    );
    expect(after.output).toMatch(/absent\nfirst\nthird\n$/);
  });

  test("a queued REST exec whose client disconnects never runs", async ({
    api,
    daemon,
    session,
  }) => {
    const first = await startRunning(api, session.id, "sleep 2");
    const abort = new AbortController();
    const queued = restPost(
      daemon,
      `/v1/sessions/${session.id}/exec`,
      { cmd: "touch /tmp/queued-ran" },
      abort.signal,
    );
    await sleep(300);
    abort.abort();
    await expect(queued).rejects.toThrow();
    await first.ended;
    const after = await run(api, session.id, "sleep 0.5; ls /tmp/queued-ran 2>&1 || echo absent");
    expect(after.output).toContain("absent");
  });

  test("a queued exec's timeout includes its wait: run out while waiting, it never starts", async ({
    api,
    session,
  }) => {
    const first = await startRunning(api, session.id, "sleep 3");
    const queued = await run(api, session.id, "touch /tmp/queued-ran", 1000);
    expect(queued.timedOut).toBe(true);
    expect(queued.exitCode).toBe(130);
    expect(queued.output).toContain("not started: the timeout ran out while an earlier command");
    await first.ended;
    const after = await run(api, session.id, "ls /tmp/queued-ran 2>&1 || echo absent");
    expect(after.output).toContain("absent");
  });

  test("a queued exec that starts gets only what is left of its timeout", async ({
    api,
    session,
  }) => {
    const first = await startRunning(api, session.id, "sleep 2");
    // 4 s from its arrival: 2 of them go to waiting, so its sleep 3 is stopped.
    const queued = await run(api, session.id, "sleep 3 && touch /tmp/queued-ran", 4000);
    expect(queued.timedOut).toBe(true);
    expect(queued.shellRestarted).toBe(false);
    await first.ended;
    const after = await run(api, session.id, "ls /tmp/queued-ran 2>&1 || echo absent");
    expect(after.output).toContain("absent");
  });
});
