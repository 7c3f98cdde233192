import { Code } from "@connectrpc/connect";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import {
  connectErrorOf,
  restPost,
  runnerHostPid,
  streamExec,
  waitForProcess,
} from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";

describe("exec errors", () => {
  test("an unknown session id is NotFound (Exec, ExecStream, REST 404)", async ({
    api,
    daemon,
  }) => {
    const id = "doesnotexist000000";
    expect((await connectErrorOf(run(api, id, "true"))).code).toBe(Code.NotFound);
    expect((await connectErrorOf(streamExec(api, id, "true"))).code).toBe(Code.NotFound);
    expect((await restPost(daemon, `/v1/sessions/${id}/exec`, { cmd: "true" })).status).toBe(404);
    expect((await restPost(daemon, `/v1/sessions/${id}/exec/stream`, { cmd: "true" })).status).toBe(
      404,
    );
  });

  test("a destroyed session is FailedPrecondition, with a message saying so", async ({
    api,
    session,
  }) => {
    await api.sessions.destroySession({ id: session.id });
    const err = await connectErrorOf(run(api, session.id, "true"));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toMatch(/destroyed/);
    const stream = await connectErrorOf(streamExec(api, session.id, "true"));
    expect(stream.code).toBe(Code.FailedPrecondition);
  });

  test("a runner that dies marks its session failed; a new session works", async ({
    api,
    session,
  }) => {
    expect((await run(api, session.id, "echo alive")).output).toBe("alive\n");
    const pid = await runnerHostPid(session.containerId);
    process.kill(pid, "SIGKILL");

    const err = await connectErrorOf(run(api, session.id, "echo hi"));
    expect(err.code, err.message).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toMatch(/fail/);
    const { session: after } = await api.sessions.getSession({ id: session.id });
    expect(after?.status).toBe(SessionStatus.FAILED);
    expect(after?.statusReason).not.toBe("");
    // And it stays failed with the reason in the message.
    const again = await connectErrorOf(run(api, session.id, "echo hi"));
    expect(again.code).toBe(Code.FailedPrecondition);
    expect(again.rawMessage).toContain(after?.statusReason ?? "?");

    const { session: fresh } = await api.sessions.createSession({ image: "base" });
    try {
      expect((await run(api, fresh?.id ?? "", "echo works")).output).toBe("works\n");
    } finally {
      await api.sessions.destroySession({ id: fresh?.id ?? "" });
    }
  });

  test("a runner that dies during an ExecStream fails the stream and marks the session failed", async ({
    api,
    session,
  }) => {
    const pid = await runnerHostPid(session.containerId);
    const call = streamExec(api, session.id, "echo go; sleep 30");
    // Let the command start, then kill the runner under it.
    const started = await waitForProcess(session.containerId, "sleep 30");
    expect(started).toBe(true);
    process.kill(pid, "SIGKILL");
    const err = await connectErrorOf(call);
    expect(err.code, err.message).toBe(Code.FailedPrecondition);
    expect(err.rawMessage).toMatch(/fail/);
    const { session: after } = await api.sessions.getSession({ id: session.id });
    expect(after?.status).toBe(SessionStatus.FAILED);
  });
});
