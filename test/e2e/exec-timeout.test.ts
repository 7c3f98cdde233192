import { Code } from "@connectrpc/connect";
import { connectErrorOf, restPost, streamExec } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

describe("exec timeouts", () => {
  test("a timed-out pipeline is killed; shell state and an earlier background job survive", async ({
    api,
    session,
  }) => {
    const id = session.id;
    const setup = await run(api, id, "cd /tmp; export KEEP=yes; sleep 300 & BG=$!; echo $BG");
    const bg = setup.output.trim();
    expect(bg).toMatch(/^\d+$/);

    const t0 = Date.now();
    const r = await run(api, id, "sleep 100 | cat", 1000);
    expect(r.timedOut).toBe(true);
    expect(r.shellRestarted).toBe(false);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(Number(r.durationMs)).toBeGreaterThanOrEqual(1000);

    // The only sleep left is the background job: none of the pipeline's.
    const after = await run(
      api,
      id,
      'pwd; echo $KEEP; kill -0 $BG && echo alive; pgrep -x sleep; pgrep -x cat || echo "no cat"',
    );
    expect(after.output).toBe(`/tmp\nyes\nalive\n${bg}\nno cat\n`);
    expect(after.timedOut).toBe(false);

    // And later commands leave it alone too.
    await run(api, id, "true; sleep 0.1");
    const later = await run(api, id, "kill -0 $BG && echo still alive");
    expect(later.output).toBe("still alive\n");
  });

  test("a timed-out builtin loop ends the shell, which restarts with cwd and exports intact", async ({
    api,
    session,
  }) => {
    const id = session.id;
    await run(
      api,
      id,
      "mkdir -p /tmp/work && cd /tmp/work; export KEEP=yes; sleep 300 & export BG=$!",
    );
    const t0 = Date.now();
    const r = await run(api, id, "while :; do :; done", 1000);
    expect(r.timedOut).toBe(true);
    expect(r.shellRestarted).toBe(true);
    expect(Date.now() - t0).toBeLessThan(30_000);

    const next = await run(api, id, "pwd; echo $KEEP");
    expect(next).toMatchObject({ output: "/tmp/work\nyes\n", exitCode: 0, cwd: "/tmp/work" });
    expect(next.shellRestarted).toBe(false);
    // Killing the old bash did not take its earlier background job along.
    expect((await run(api, id, "kill -0 $BG && echo alive")).output).toBe("alive\n");
  });

  test("a command stopped inside a builtin starts nothing after it and leaves no orphan", async ({
    api,
    session,
  }) => {
    // `read -t 1` on a FIFO opened read-write waits 1 s inside bash, forking
    // nothing: the timeout's kill finds no process; the sleep after it must
    // not start, or must not outlive the command.
    await run(api, session.id, "mkfifo /tmp/fifo");
    const r = await run(api, session.id, "read -t 1 x <>/tmp/fifo; sleep 30", 200);
    expect(r.timedOut).toBe(true);
    expect((await run(api, session.id, "pgrep -x sleep || echo none")).output).toBe("none\n");
  });

  test("ExecStream reports the timeout in its ended event", async ({ api, session }) => {
    const r = await streamExec(api, session.id, "echo before; sleep 100", { timeoutMs: 1000 });
    expect(r.stdout.toString()).toBe("before\n");
    expect(r.ended).toMatchObject({ timedOut: true, shellRestarted: false });
  });

  test("output produced before the timeout is returned by unary Exec", async ({ api, session }) => {
    const r = await run(api, session.id, "echo one; echo two >&2; sleep 100", 1000);
    expect(r.timedOut).toBe(true);
    // bash may add its own "Killed" line for the sleep, as a terminal shows it.
    expect(r.output.startsWith("one\ntwo\n")).toBe(true);
  });

  test("a timeout above the maximum is refused with InvalidArgument", async ({
    api,
    daemon,
    session,
  }) => {
    const max = daemon.daemon.ctx.config.defaults.max_exec_timeout_ms;
    const unary = await connectErrorOf(run(api, session.id, "echo hi", max + 1));
    expect(unary.code).toBe(Code.InvalidArgument);
    expect(unary.rawMessage).toContain("timeout_ms");
    const stream = await connectErrorOf(
      streamExec(api, session.id, "echo hi", { timeoutMs: max + 1 }),
    );
    expect(stream.code).toBe(Code.InvalidArgument);
    // REST lowers it to the maximum instead, as the original daemon did, and says so.
    const rest = await restPost(daemon, `/v1/sessions/${session.id}/exec`, {
      cmd: "echo hi",
      timeout_ms: max + 1,
    });
    expect(rest.status).toBe(200);
    expect(rest.headers.get("x-sandkasten-lowered")).toBe(`timeout_ms=${max}`);
    expect(await rest.json()).toMatchObject({ output: "hi\n", lowered: { timeout_ms: max } });
    // The maximum itself is fine.
    expect((await run(api, session.id, "echo ok", max)).output).toBe("ok\n");
  });
});
