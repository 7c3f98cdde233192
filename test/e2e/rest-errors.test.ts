import { ConnectError } from "@connectrpc/connect";
import { ErrorReasonSchema } from "../../gen/sandkasten/v1/errors_pb.js";
import { restPost, waitUntil } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * REST errors carry the original daemon's structured form beside the seed's
 * `error`: {error, error_code, message, details}; an expired session is 410
 * and a command that timed out 504. Too-large ttl_seconds and timeout_ms are
 * lowered to the maximum, and the answer says so.
 */

const call = (d: TestDaemon, method: string, path: string, body?: unknown) =>
  fetch(`${d.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${d.apiKey}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("structured REST errors", () => {
  test("unknown session and workspace: 404 with SESSION_NOT_FOUND / WORKSPACE_NOT_FOUND", async ({
    daemon,
  }) => {
    const session = await call(daemon, "GET", "/v1/sessions/snosuch0000000000000");
    expect(session.status).toBe(404);
    expect(await session.json()).toEqual({
      error: "session snosuch0000000000000 not found",
      error_code: "SESSION_NOT_FOUND",
      message: "session snosuch0000000000000 not found",
    });
    const workspace = await call(daemon, "GET", "/v1/workspaces/no-such-ws");
    expect(workspace.status).toBe(404);
    expect(await workspace.json()).toMatchObject({ error_code: "WORKSPACE_NOT_FOUND" });
  });

  test("an expired session answers 410 SESSION_EXPIRED; a destroyed one 409 SESSION_DESTROYED", async ({
    daemon,
    api,
  }) => {
    const { session } = await api.sessions.createSession({ image: "base", ttlSeconds: 1 });
    const id = session?.id ?? "";
    expect(
      await waitUntil(
        async () => (await daemon.daemon.ctx.sessions.get(id)).status === "expired",
        10_000,
      ),
    ).toBe(true);
    const expired = await restPost(daemon, `/v1/sessions/${id}/exec`, { cmd: "true" });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error_code: "SESSION_EXPIRED" });
    // Over gRPC the same case is FailedPrecondition with an ErrorReason detail.
    const grpc = await api.exec
      .exec({ sessionId: id, cmd: "true" })
      .catch((e) => ConnectError.from(e));
    expect((grpc as ConnectError).findDetails(ErrorReasonSchema)[0]?.reason).toBe(
      "SESSION_EXPIRED",
    );

    const other = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    await api.sessions.destroySession({ id: other });
    const destroyed = await restPost(daemon, `/v1/sessions/${other}/exec`, { cmd: "true" });
    expect(destroyed.status).toBe(409);
    expect(await destroyed.json()).toMatchObject({ error_code: "SESSION_DESTROYED" });
  });

  test("a command past its timeout: 504 COMMAND_TIMEOUT with the result in the body", async ({
    daemon,
    session,
  }) => {
    const res = await restPost(daemon, `/v1/sessions/${session.id}/exec`, {
      cmd: "echo before; sleep 30",
      timeout_ms: 500,
    });
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({
      error_code: "COMMAND_TIMEOUT",
      error: "the command did not finish within timeout_ms 500; it was stopped",
      timed_out: true,
      output: expect.stringMatching(/^before\n/),
    });
  });

  test("bad input is INVALID_REQUEST with details; a refused image INVALID_IMAGE; no key UNAUTHORIZED", async ({
    daemon,
  }) => {
    const typo = await restPost(daemon, "/v1/sessions", { imag: "python" });
    expect(await typo.json()).toMatchObject({
      error_code: "INVALID_REQUEST",
      details: { unknown: ["imag"], accepted: expect.arrayContaining(["image"]) },
    });
    const image = await restPost(daemon, "/v1/sessions", { image: "alpine:3" });
    expect(image.status).toBe(400);
    expect(await image.json()).toMatchObject({ error_code: "INVALID_IMAGE" });
    const anonymous = await fetch(`${daemon.url}/v1/sessions`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error_code: "UNAUTHORIZED" });
  });
});

describe("too-large values over REST are lowered, as the original did", () => {
  test("ttl_seconds past max_ttl_seconds: created with the maximum, and the answer says so", async ({
    daemon,
  }) => {
    const res = await restPost(daemon, "/v1/sessions", { image: "base", ttl_seconds: 99_999_999 });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-sandkasten-lowered")).toBe("ttl_seconds=86400");
    const body = (await res.json()) as { id: string; expires_at: string; lowered: unknown };
    expect(body.lowered).toEqual({ ttl_seconds: 86_400 });
    const left = Date.parse(body.expires_at) - Date.now();
    expect(left).toBeGreaterThan(86_300_000);
    expect(left).toBeLessThanOrEqual(86_400_000);
    await call(daemon, "DELETE", `/v1/sessions/${body.id}`);
  });

  test("a value within the maximum is used as it is, with nothing said", async ({
    daemon,
    session,
  }) => {
    const res = await restPost(daemon, `/v1/sessions/${session.id}/exec`, {
      cmd: "true",
      timeout_ms: 1000,
    });
    expect(res.headers.get("x-sandkasten-lowered")).toBeNull();
    expect(await res.json()).not.toHaveProperty("lowered");
  });
});
