import type { Clients } from "../support/clients.js";
import { readSse, restPost, sleep } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

// `&&`: killing the sleep must be enough to stop it. (With `;` bash would go
// on with the touch: see exec-known-failures.test.ts.)
const SLOW = "echo go; sleep 5 && touch /tmp/should-not-exist";

/** After a cancel: the shell is free at once, and the command never finishes. */
async function expectStopped(api: Clients, sessionId: string, canceledAt: number) {
  const t0 = Date.now();
  const next = await run(api, sessionId, "echo next");
  expect(next.output).toBe("next\n");
  // The canceled command would have kept the shell busy for 5 s more.
  expect(Date.now() - t0).toBeLessThan(4000);
  const sleeps = await run(api, sessionId, "pgrep -x sleep || echo none");
  expect(sleeps.output).toBe("none\n");
  // Past the moment the command would have touched the file.
  await sleep(Math.max(0, canceledAt + 6000 - Date.now()));
  const file = await run(api, sessionId, "ls /tmp/should-not-exist 2>&1 || echo absent");
  expect(file.output).toContain("absent");
}

describe("canceling an exec", () => {
  test("aborting a gRPC ExecStream after started stops the command", async ({ api, session }) => {
    const abort = new AbortController();
    const call = api.exec.execStream(
      { sessionId: session.id, cmd: SLOW },
      { signal: abort.signal },
    );
    const seen: string[] = [];
    let canceledAt = 0;
    await expect(
      (async () => {
        for await (const e of call) {
          seen.push(e.event.case ?? "");
          if (e.event.case === "output") {
            canceledAt = Date.now();
            abort.abort();
          }
        }
      })(),
    ).rejects.toThrow();
    expect(seen).toEqual(["started", "output"]);
    await expectStopped(api, session.id, canceledAt);
  });

  test("aborting right after the started event stops the command", async ({ api, session }) => {
    const abort = new AbortController();
    const call = api.exec.execStream(
      { sessionId: session.id, cmd: "sleep 5 && touch /tmp/should-not-exist" },
      { signal: abort.signal },
    );
    const events = call[Symbol.asyncIterator]();
    const first = await events.next();
    expect(first.value?.event.case).toBe("started");
    const canceledAt = Date.now();
    abort.abort();
    await events.next().catch(() => {});
    await expectStopped(api, session.id, canceledAt);
  });

  test("a cancel that comes before the command's process exists still stops it", async ({
    api,
    session,
  }) => {
    // `read -t 1` on a FIFO opened read-write waits 1 s inside bash: the
    // cancel's first kill finds no process, the sleep starts after it.
    await run(api, session.id, "mkfifo /tmp/fifo");
    const abort = new AbortController();
    const call = api.exec.execStream(
      {
        sessionId: session.id,
        cmd: "read -t 1 x <>/tmp/fifo; sleep 5 && touch /tmp/should-not-exist",
      },
      { signal: abort.signal },
    );
    const events = call[Symbol.asyncIterator]();
    expect((await events.next()).value?.event.case).toBe("started");
    await sleep(200);
    const canceledAt = Date.now();
    abort.abort();
    await events.next().catch(() => {});
    await expectStopped(api, session.id, canceledAt);
  });

  test("aborting a REST SSE exec stops the command", async ({ daemon, api, session }) => {
    const abort = new AbortController();
    const res = await restPost(
      daemon,
      `/v1/sessions/${session.id}/exec/stream`,
      { cmd: SLOW },
      abort.signal,
    );
    expect(res.status).toBe(200);
    // Stop reading at the first chunk, then abort the request.
    const events = await readSse(res, (e) => e.event === "chunk");
    const canceledAt = Date.now();
    abort.abort();
    expect(events.map((e) => [e.event, e.data.chunk])).toEqual([["chunk", "go\n"]]);
    await expectStopped(api, session.id, canceledAt);
  });
});
