import { timestampMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { describe, expect, test } from "../support/fixtures.js";

/** ExtendSession is the keep-alive: it moves expires_at, within max_ttl_seconds. */
describe("extending a session", () => {
  test("keeps a session past its first ttl, and the reaper still ends it later", async ({
    api,
  }) => {
    const { session } = await api.sessions.createSession({ image: "base", ttlSeconds: 2 });
    const id = session?.id ?? "";
    const extended = (await api.sessions.extendSession({ id, ttlSeconds: 4 })).session;
    if (!session?.expiresAt || !extended?.expiresAt) throw new Error("no expires_at");
    expect(timestampMs(extended.expiresAt)).toBeGreaterThan(timestampMs(session.expiresAt) + 1000);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await api.sessions.getSession({ id })).session?.status).toBe(SessionStatus.RUNNING);
    await new Promise((r) => setTimeout(r, 2500));
    const after = (await api.sessions.getSession({ id })).session;
    expect(after?.status).toBe(SessionStatus.EXPIRED);
    expect(after?.statusReason).toMatch(/ttl/);
  });

  test("refuses a ttl past the maximum, and sessions that are not running", async ({
    api,
    session,
  }) => {
    const tooLong = await api.sessions
      .extendSession({ id: session.id, ttlSeconds: 10_000_000 })
      .catch((e) => ConnectError.from(e));
    expect((tooLong as ConnectError).code).toBe(Code.InvalidArgument);
    await api.sessions.destroySession({ id: session.id });
    const gone = await api.sessions
      .extendSession({ id: session.id, ttlSeconds: 60 })
      .catch((e) => ConnectError.from(e));
    expect((gone as ConnectError).code).toBe(Code.FailedPrecondition);
  });

  test("is served as POST /v1/sessions/{id}/extend", async ({ daemon, session }) => {
    const res = await fetch(`${daemon.url}/v1/sessions/${session.id}/extend`, {
      method: "POST",
      headers: { authorization: `Bearer ${daemon.apiKey}` },
      body: JSON.stringify({ ttl_seconds: 3600 }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { expires_at: string };
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now() + 3500_000);
  });
});
