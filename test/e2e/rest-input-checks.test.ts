import { timestampMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { type Session, SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { restPost } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

const get = (d: TestDaemon, path: string) =>
  fetch(`${d.url}${path}`, { headers: { authorization: `Bearer ${d.apiKey}` } });

const expiryMs = (s: Session | undefined) => (s?.expiresAt ? timestampMs(s.expiresAt) : 0);

const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

describe("typos are errors, not silent defaults", () => {
  test('{"imag":"python"} is refused with 400 naming the field and what was meant', async ({
    daemon,
  }) => {
    const res = await restPost(daemon, "/v1/sessions", { imag: "python" });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toContain('unknown field "imag" (did you mean "image"?)');
    expect(error).toContain("accepted: image, ttl_seconds");
    expect((await daemon.daemon.ctx.sessions.list()).length).toBe(0);
  });

  test("every unknown field is named, with a guess only where one is close", async ({
    daemon,
    session,
  }) => {
    const res = await restPost(daemon, `/v1/sessions/${session.id}/exec`, {
      cmd: "echo hi",
      timeout: 5,
      zzzzzz: 1,
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatch(
      /^unknown fields "timeout" \(did you mean "timeout_ms"\?\), "zzzzzz"; accepted: cmd, timeout_ms, raw_output, background, on_timeout$/,
    );
  });

  test("unknown query parameters are refused; ?status= filters the list", async ({
    daemon,
    session,
    api,
  }) => {
    const typo = await get(daemon, "/v1/sessions?stauts=running");
    expect(typo.status).toBe(400);
    expect(await errorOf(typo)).toContain(
      'unknown query parameter "stauts" (did you mean "status"?)',
    );

    const other = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    await api.sessions.destroySession({ id: other });
    const running = (await (await get(daemon, "/v1/sessions?status=running")).json()) as {
      id: string;
    }[];
    expect(running.map((s) => s.id)).toEqual([session.id]);
    const destroyed = (await (await get(daemon, "/v1/sessions?status=destroyed")).json()) as {
      id: string;
    }[];
    expect(destroyed.map((s) => s.id)).toContain(other);
    expect(destroyed.map((s) => s.id)).not.toContain(session.id);
    const both = (await (await get(daemon, "/v1/sessions?status=running,destroyed")).json()) as {
      id: string;
    }[];
    expect(both.map((s) => s.id)).toEqual(expect.arrayContaining([session.id, other]));

    const bad = await get(daemon, "/v1/sessions?status=runing");
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toContain('status "runing" is not one of');

    const fsTypo = await get(daemon, `/v1/sessions/${session.id}/fs/read?path=a&maxbytes=3`);
    expect(fsTypo.status).toBe(400);
    expect(await errorOf(fsTypo)).toContain('"maxbytes" (did you mean "max_bytes"?)');
  });

  test("the status filter is in the RPC too", async ({ api, session }) => {
    const { sessions } = await api.sessions.listSessions({ status: [SessionStatus.RUNNING] });
    expect(sessions.map((s) => s.id)).toContain(session.id);
    const none = await api.sessions.listSessions({ status: [SessionStatus.EXPIRED] });
    expect(none.sessions.map((s) => s.id)).not.toContain(session.id);
  });
});

describe("one wording for limits, in the request's own field names", () => {
  test("REST names mem_limit_mb as the body does, not limits.mem_limit_mb", async ({ daemon }) => {
    const res = await restPost(daemon, "/v1/sessions", { mem_limit_mb: 999_999 });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("mem_limit_mb must be at most 4096 (limits_max.mem_limit_mb)");
  });

  test("a proto rule and a configured maximum read alike, without rule ids or patterns", async ({
    api,
  }) => {
    const proto = await api.sessions
      .createSession({ ttlSeconds: 99_999_999 })
      .catch((e) => ConnectError.from(e));
    expect((proto as ConnectError).code).toBe(Code.InvalidArgument);
    expect((proto as ConnectError).rawMessage).toBe("ttl_seconds must be at most 2592000");
    const configured = await api.sessions
      .createSession({ ttlSeconds: 100_000 })
      .catch((e) => ConnectError.from(e));
    expect((configured as ConnectError).rawMessage).toBe(
      "ttl_seconds must be at most 86400 (max_ttl_seconds)",
    );
    const pattern = await api.exec
      .exec({ sessionId: "NOT-AN-ID", cmd: "true" })
      .catch((e) => ConnectError.from(e));
    expect((pattern as ConnectError).rawMessage).toBe(
      "session_id must be an id of at most 64 lowercase letters and digits",
    );
    const nul = await api.exec
      .exec({ sessionId: "abc", cmd: "echo \0" })
      .catch((e) => ConnectError.from(e));
    expect((nul as ConnectError).rawMessage).toBe("cmd must not contain NUL characters");
    for (const err of [proto, configured, pattern, nul]) {
      expect((err as ConnectError).rawMessage).not.toMatch(/\[[a-z0-9_]+\.[a-z_]+\]|\^|\$/);
    }
  });
});

describe("extend without a ttl", () => {
  test("adds session_ttl_seconds to the current expiry and never shortens it", async ({ api }) => {
    const { session } = await api.sessions.createSession({ image: "base", ttlSeconds: 3000 });
    const id = session?.id ?? "";
    const before = expiryMs(session);
    const after = (await api.sessions.extendSession({ id })).session;
    // session_ttl_seconds is 1800 by default: 3000 + 1800 from creation.
    expect(expiryMs(after) - before).toBe(1_800_000);
    await api.sessions.destroySession({ id });
  });

  test("over REST, extend {} keeps a long session's expiry rather than cutting it", async ({
    api,
    daemon,
  }) => {
    const { session } = await api.sessions.createSession({ image: "base", ttlSeconds: 86_000 });
    const id = session?.id ?? "";
    const before = expiryMs(session);
    const res = await restPost(daemon, `/v1/sessions/${id}/extend`, {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { expires_at: string };
    // Capped at max_ttl_seconds (86400) from now, but never earlier than before.
    const now = Date.now();
    const expires = Date.parse(body.expires_at);
    expect(expires).toBeGreaterThanOrEqual(before);
    expect(expires).toBeLessThanOrEqual(now + 86_400_000);
    await api.sessions.destroySession({ id });
  });
});
