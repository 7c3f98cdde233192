import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import {
  clientsAt,
  failsWith,
  restAt,
  startTenantDaemon,
  type TenantClients,
  tenantKey,
} from "../support/tenant-daemon.js";
import { freshWorkspaceId, type WorkspaceDaemon } from "../support/workspace-daemon.js";

/**
 * The quotas of a tenant's key, on the real daemon: live sessions, the
 * memory they were given, and workspaces. What passes a quota is refused
 * with ResourceExhausted naming it (REST: 429); room made is room again.
 */
const sessionsKey = tenantKey("q-sessions", { max_sessions: 2 });
const memoryKey = tenantKey("q-memory", { max_memory_mb: 600 });
const workspacesKey = tenantKey("q-workspaces", { max_workspaces: 1 });
const raceKey = tenantKey("q-race", { max_sessions: 2 });
const restKey = tenantKey("q-rest", { max_sessions: 1 });
const bytes = (s: string) => new TextEncoder().encode(s);
let d: WorkspaceDaemon;

const as = (key: { key: string }): TenantClients => clientsAt(d.url, key.key);

/** Creates a session (of memMb when given) and returns its id. */
async function newSession(api: TenantClients, memMb = 0, workspaceId = ""): Promise<string> {
  const { session } = await api.sessions.createSession({
    image: "base",
    workspaceId,
    limits: { cpuLimit: 0, memLimitMb: memMb, pidsLimit: 0 },
  });
  if (!session) throw new Error("no session in CreateSession's answer");
  return session.id;
}

beforeAll(async () => {
  d = await startTenantDaemon([sessionsKey, memoryKey, workspacesKey, raceKey, restKey]);
});

afterAll(async () => {
  await d?.stop();
});

describe("max_sessions", () => {
  test("the third live session is refused naming max_sessions; after a destroy there is room", async () => {
    const api = as(sessionsKey);
    const first = await newSession(api);
    await newSession(api);
    expect(await failsWith(newSession(api), Code.ResourceExhausted)).toBe(
      "tenant q-sessions is at its quota: max_sessions is 2, and 2 sessions run; destroy one first",
    );
    // Another tenant's sessions are not counted against it, nor its against others.
    await newSession(as(restKey));
    await api.sessions.destroySession({ id: first });
    const third = await newSession(api);
    const { sessions } = await api.sessions.listSessions({});
    expect(sessions.filter((s) => s.status === SessionStatus.RUNNING).map((s) => s.id)).toContain(
      third,
    );
    expect(sessions.every((s) => s.tenant === "q-sessions")).toBe(true);
  });

  test("three creates at once with room for two: exactly two get through", async () => {
    const api = as(raceKey);
    const results = await Promise.allSettled([newSession(api), newSession(api), newSession(api)]);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(refused).toHaveLength(1);
    const err = ConnectError.from(refused[0]);
    expect([err.code, err.rawMessage]).toEqual([
      Code.ResourceExhausted,
      expect.stringContaining("tenant q-race is at its quota: max_sessions is 2"),
    ]);
    const { sessions } = await api.sessions.listSessions({});
    expect(sessions.filter((s) => s.status === SessionStatus.RUNNING)).toHaveLength(2);
  });
});

describe("max_memory_mb", () => {
  test("sessions' memory limits add up: 256 + 256 fit in 600, a third 256 does not, 64 does", async () => {
    const api = as(memoryKey);
    await newSession(api, 256);
    await newSession(api, 256);
    expect(await failsWith(newSession(api, 256), Code.ResourceExhausted)).toBe(
      "tenant q-memory is at its quota: max_memory_mb is 600, its sessions hold 512 MiB and this one asks for 256",
    );
    // The daemon's default limit (512 MiB) counts as well.
    expect(await failsWith(newSession(api), Code.ResourceExhausted)).toContain(
      "max_memory_mb is 600, its sessions hold 512 MiB and this one asks for 512",
    );
    await newSession(api, 64);
  });
});

describe("max_workspaces", () => {
  test("a second workspace is refused by every call that would create one; the first stays usable", async () => {
    const api = as(workspacesKey);
    const first = freshWorkspaceId("q1");
    const second = freshWorkspaceId("q2");
    await api.workspaces.writeWorkspaceFile({ workspaceId: first, path: "a", content: bytes("1") });
    const refused = `tenant q-workspaces is at its quota: max_workspaces is 1, and it has 1 workspaces; delete one first`;
    const creating = {
      WriteWorkspaceFile: () =>
        api.workspaces.writeWorkspaceFile({ workspaceId: second, path: "a", content: bytes("2") }),
      MakeWorkspaceDir: () => api.workspaces.makeWorkspaceDir({ workspaceId: second, path: "d" }),
      CreateSession: () => newSession(api, 0, second),
    };
    for (const [name, call] of Object.entries(creating)) {
      expect(await failsWith(call, Code.ResourceExhausted, name), name).toBe(refused);
    }
    await failsWith(api.workspaces.getWorkspace({ id: second }), Code.NotFound);
    // The workspace it has is not a new one.
    await api.workspaces.writeWorkspaceFile({ workspaceId: first, path: "b", content: bytes("1") });
    const session = await newSession(api, 0, first);
    await api.sessions.destroySession({ id: session });
    await api.workspaces.deleteWorkspace({ id: first });
    await api.workspaces.writeWorkspaceFile({
      workspaceId: second,
      path: "a",
      content: bytes("2"),
    });
    const { workspaces } = await api.workspaces.listWorkspaces({});
    expect(workspaces.map((w) => [w.id, w.tenant])).toEqual([[second, "q-workspaces"]]);
  });
});

describe("over REST", () => {
  test("a create past the quota is 429 with the quota's words", async () => {
    const other = as(restKey);
    for (const s of (await other.sessions.listSessions({})).sessions) {
      await other.sessions.destroySession({ id: s.id });
    }
    const create = () => restAt(d.url, restKey.key, "POST", "/v1/sessions", { image: "base" });
    expect((await create()).status).toBe(201);
    const refused = await create();
    expect([refused.status, refused.json.error, refused.json.error_code]).toEqual([
      429,
      "tenant q-rest is at its quota: max_sessions is 1, and 1 sessions run; destroy one first",
      "QUOTA_EXCEEDED",
    ]);
  });
});
