import { existsSync } from "node:fs";
import { Code } from "@connectrpc/connect";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { clientsFor } from "../support/clients.js";
import { expectCode } from "../support/connect-errors.js";
import { containerExists, containerIdOf, sessionVolumes, waitFor } from "../support/engine.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import { startSlowDockerProxy } from "../support/slow-docker-proxy.js";
import { dataPath, startTestDaemon } from "../support/test-daemon.js";

/** The reaper (every 200 ms in test daemons) ends sessions whose ttl ran out. */
describe("session expiry", () => {
  test("a session with ttl_seconds 2 becomes EXPIRED within ~5 s, its container, volume and socket dir are gone", async ({
    daemon,
    api,
  }) => {
    const created = Date.now();
    const { session } = await api.sessions.createSession({ image: "base", ttlSeconds: 2 });
    const id = session?.id ?? "";
    const containerId = await containerIdOf(daemon, id);
    expect((await run(api, id, "echo alive")).output).toBe("alive\n");
    expect(await sessionVolumes(id)).toHaveLength(1);

    const expired = await waitFor(
      async () => (await api.sessions.getSession({ id })).session?.status === SessionStatus.EXPIRED,
      7_000,
    );
    expect(expired).toBe(true);
    const elapsed = Date.now() - created;
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(7_000);

    const after = (await api.sessions.getSession({ id })).session;
    expect(after?.statusReason).toBe("the session's ttl ran out");
    expect(await containerExists(containerId)).toBe(false);
    expect(await sessionVolumes(id)).toEqual([]);
    expect(existsSync(dataPath(daemon, "sessions", id))).toBe(false);
    // An expired session is not destroyed: it is still listed, as expired.
    const listed = (await api.sessions.listSessions({})).sessions.find((s) => s.id === id);
    expect(listed?.status).toBe(SessionStatus.EXPIRED);

    const err = await expectCode(run(api, id, "echo too late"), Code.FailedPrecondition);
    expect(err.rawMessage).toContain(`session ${id} is expired`);
    await expectCode(api.fs.listDir({ sessionId: id, path: "" }), Code.FailedPrecondition);
    // Destroying an expired session is allowed and makes it destroyed.
    await api.sessions.destroySession({ id });
    expect((await api.sessions.getSession({ id })).session?.status).toBe(SessionStatus.DESTROYED);
  });

  test("sessions with a longer ttl are left alone by the reaper", async ({ api, session }) => {
    const { session: short } = await api.sessions.createSession({ image: "base", ttlSeconds: 1 });
    await waitFor(
      async () =>
        (await api.sessions.getSession({ id: short?.id ?? "" })).session?.status ===
        SessionStatus.EXPIRED,
      6_000,
    );
    expect((await api.sessions.getSession({ id: short?.id ?? "" })).session?.status).toBe(
      SessionStatus.EXPIRED,
    );
    expect((await api.sessions.getSession({ id: session.id })).session?.status).toBe(
      SessionStatus.RUNNING,
    );
    expect((await run(api, session.id, "echo still here")).output).toBe("still here\n");
  });

  test("a session whose creation outlives its ttl is still created, then expires: the reaper leaves creating sessions alone", async () => {
    // Every request to the engine waits 1.5 s: creating takes about 3.5 s, well
    // over the 1 s ttl, and a reaper that did not wait would remove the
    // container between its create and its start.
    const proxy = await startSlowDockerProxy(1_500);
    const slow = await startTestDaemon({ docker: { socket: proxy.path, timeout_ms: 30_000 } });
    try {
      const api = clientsFor(slow);
      const started = Date.now();
      const { session } = await api.sessions.createSession({ image: "base", ttlSeconds: 1 });
      expect(Date.now() - started).toBeGreaterThan(3_000);
      expect(session?.status).toBe(SessionStatus.RUNNING);
      const id = session?.id ?? "";
      const containerId = await containerIdOf(slow, id);
      const expired = await waitFor(
        async () =>
          (await api.sessions.getSession({ id })).session?.status === SessionStatus.EXPIRED,
        10_000,
      );
      expect(expired).toBe(true);
      expect((await api.sessions.getSession({ id })).session?.statusReason).toBe(
        "the session's ttl ran out",
      );
      expect(await containerExists(containerId)).toBe(false);
    } finally {
      await slow.stop();
      await proxy.close();
    }
  }, 60_000);
});
