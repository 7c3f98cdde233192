import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateSessionRequest, SessionSchema } from "../../gen/sandkasten/v1/session_pb.js";
import { SessionService, SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import type { RestHarness } from "./rest-harness.js";
import { auth, errorOf, rawRequest, startRest } from "./rest-harness.js";

const created = new Date("2025-01-02T03:04:05.678Z");

function fakeSession(id: string): MessageInitShape<typeof SessionSchema> {
  return {
    id,
    image: "sandbox-runtime:python",
    status: SessionStatus.RUNNING,
    cwd: "/workspace",
    createdAt: timestampFromDate(created),
    expiresAt: timestampFromDate(new Date(created.getTime() + 3_600_000)),
    lastActivity: timestampFromDate(created),
    containerId: `container-${id}`,
  };
}

const codeNames = Object.entries(Code).filter(
  (entry): entry is [string, Code] => typeof entry[1] === "number",
);

describe("session routes", () => {
  let rest: RestHarness;
  const createRequests: CreateSessionRequest[] = [];

  beforeAll(async () => {
    rest = await startRest((router) => {
      router.service(SessionService, {
        createSession(req) {
          createRequests.push(req);
          return { session: { ...fakeSession("abc123"), workspaceId: req.workspaceId } };
        },
        listSessions() {
          return {
            sessions: [
              fakeSession("a1"),
              {
                ...fakeSession("b2"),
                status: SessionStatus.FAILED,
                statusReason: "runner died",
                workspaceId: "ws1",
              },
            ],
          };
        },
        getSession(req) {
          const code = Number(req.id.replace(/^code/, ""));
          if (req.id.startsWith("code")) throw new ConnectError(`failure ${code}`, code as Code);
          if (req.id !== "abc123") throw new ConnectError("session not found", Code.NotFound);
          return { session: fakeSession(req.id) };
        },
        destroySession() {
          return {};
        },
        getSessionStats() {
          return {
            memoryBytes: 123_456_789n,
            memoryLimit: 536_870_912n,
            cpuUsageUsec: 9_876_543_210n,
            pids: 7,
          };
        },
      });
    });
  });
  afterAll(() => rest.close());

  it("creates a session: 201 and the session object", async () => {
    const res = await fetch(`${rest.base}/v1/sessions`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        image: "python",
        ttl_seconds: 600,
        workspace_id: "proj",
        env: { FOO: "bar" },
        cpu_limit: 1.5,
        mem_limit_mb: 512,
      }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      id: "abc123",
      image: "sandbox-runtime:python",
      status: "running",
      cwd: "/workspace",
      workspace_id: "proj",
      created_at: "2025-01-02T03:04:05.678Z",
      expires_at: "2025-01-02T04:04:05.678Z",
      last_activity: "2025-01-02T03:04:05.678Z",
      container_id: "container-abc123",
      pooled: false,
      acquire_source: "cold",
    });
    const req = createRequests.at(-1);
    expect(req?.image).toBe("python");
    expect(req?.ttlSeconds).toBe(600);
    expect(req?.env).toEqual({ FOO: "bar" });
    expect(req?.limits?.cpuLimit).toBe(1.5);
    expect(req?.limits?.memLimitMb).toBe(512);
    expect(req?.limits?.pidsLimit).toBe(0);
  });

  it("accepts JSON without a Content-Type, as curl -d form-encoded, and null fields", async () => {
    const bare = await rawRequest(rest.port, "POST", "/v1/sessions", '{"image":"node"}', auth);
    expect(bare.status).toBe(201);
    expect(createRequests.at(-1)?.image).toBe("node");
    const curl = await rawRequest(rest.port, "POST", "/v1/sessions", '{"ttl_seconds":5}', {
      ...auth,
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(curl.status).toBe(201);
    expect(createRequests.at(-1)?.ttlSeconds).toBe(5);
    const nulls = await rawRequest(rest.port, "POST", "/v1/sessions", '{"workspace_id":null}');
    expect(nulls.status).toBe(201);
    expect(JSON.parse(nulls.body).workspace_id).toBeNull();
  });

  it("treats an empty body as {}", async () => {
    const res = await rawRequest(rest.port, "POST", "/v1/sessions", "");
    expect(res.status).toBe(201);
    expect(createRequests.at(-1)?.image).toBe("");
    expect(createRequests.at(-1)?.limits).toBeUndefined();
  });

  it("answers 400 naming the problem for bad JSON and wrong field types", async () => {
    const cases: [string, RegExp][] = [
      ["{nope", /invalid JSON body/],
      ["[1,2]", /must be an object/],
      ['{"ttl_seconds":"abc"}', /ttl_seconds/],
      ['{"ttl_seconds":-1}', /ttl_seconds/],
      ['{"ttl_seconds":1.5}', /ttl_seconds/],
      ['{"image":5}', /image/],
      ['{"env":{"A":1}}', /env\.A/],
      ['{"env":"A=1"}', /env/],
      ['{"cpu_limit":"2"}', /cpu_limit/],
    ];
    for (const [body, message] of cases) {
      const res = await rawRequest(rest.port, "POST", "/v1/sessions", body);
      expect(res.status, body).toBe(400);
      expect(res.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(res.body).error).toMatch(message);
    }
  });

  it("answers 413 for a JSON body past the limit", async () => {
    const big = JSON.stringify({ image: "x".repeat(100_000) });
    const sized = await rawRequest(rest.port, "POST", "/v1/sessions", big);
    expect(sized.status).toBe(413);
    expect(JSON.parse(sized.body).error).toMatch(/larger than/);
    const chunked = await rawRequest(rest.port, "POST", "/v1/sessions", big, {
      ...auth,
      "transfer-encoding": "chunked",
    });
    expect(chunked.status).toBe(413);
  });

  it("lists sessions as a JSON array", async () => {
    const res = await fetch(`${rest.base}/v1/sessions`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((s) => s.id)).toEqual(["a1", "b2"]);
    expect(body[0]?.workspace_id).toBeNull();
    expect(body[0]).not.toHaveProperty("status_reason");
    expect(body[1]).toMatchObject({
      status: "failed",
      status_reason: "runner died",
      workspace_id: "ws1",
    });
  });

  it("gets one session, 404 with an error body when unknown", async () => {
    const ok = await fetch(`${rest.base}/v1/sessions/abc123`, { headers: auth });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: "abc123" });
    const missing = await fetch(`${rest.base}/v1/sessions/zzz`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "session not found" });
  });

  it("maps every Connect code through the status table", async () => {
    const expected: Record<string, number> = {
      Canceled: 499,
      Unknown: 500,
      InvalidArgument: 400,
      DeadlineExceeded: 504,
      NotFound: 404,
      AlreadyExists: 409,
      PermissionDenied: 403,
      ResourceExhausted: 413,
      FailedPrecondition: 409,
      Aborted: 409,
      OutOfRange: 400,
      Unimplemented: 501,
      Internal: 500,
      Unavailable: 503,
      DataLoss: 500,
      Unauthenticated: 401,
    };
    expect(codeNames.map(([name]) => name).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, code] of codeNames) {
      const res = await fetch(`${rest.base}/v1/sessions/code${code}`, { headers: auth });
      expect(res.status, name).toBe(expected[name]);
      expect(await res.json()).toMatchObject({ error: `failure ${code}` });
    }
  });

  it("destroys a session", async () => {
    const res = await fetch(`${rest.base}/v1/sessions/abc123`, { method: "DELETE", headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("reports stats as JSON integers", async () => {
    const res = await fetch(`${rest.base}/v1/sessions/abc123/stats`, { headers: auth });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      memory_bytes: 123_456_789,
      memory_limit: 536_870_912,
      cpu_usage_usec: 9_876_543_210,
    });
  });

  it("answers 404 for unknown routes and 405 with Allow for wrong methods", async () => {
    const unknown = await fetch(`${rest.base}/v1/nothing/here`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatch(/no route/);
    const wrong = await fetch(`${rest.base}/v1/sessions/abc123`, { method: "PUT", headers: auth });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, DELETE");
    expect(await errorOf(wrong)).toMatch(/not allowed/);
    const health = await fetch(`${rest.base}/healthz`, { method: "POST" });
    expect(health.status).toBe(405);
    expect(health.headers.get("allow")).toBe("GET");
  });

  it("answers 400 for bad percent-encoding instead of throwing", async () => {
    const path = await rawRequest(rest.port, "GET", "/v1/sessions/%E0%A4%A");
    expect(path.status).toBe(400);
    expect(JSON.parse(path.body).error).toMatch(/percent-encoding/);
    const query = await rawRequest(rest.port, "GET", "/v1/sessions/abc123/fs/read?path=%zz");
    expect(query.status).toBe(400);
  });

  it("leaves other paths to the caller", async () => {
    const res = await fetch(`${rest.base}/sandkasten.v1.SessionService/ListSessions`, {
      method: "POST",
    });
    expect(res.status).toBe(418);
    const v1ish = await fetch(`${rest.base}/v1x`);
    expect(v1ish.status).toBe(418);
  });
});
