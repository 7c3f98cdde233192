import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { waitFor } from "../support/engine.js";
import { mcpOverHttp, structuredOf, textOf } from "../support/mcp-clients.js";
import {
  CLAIMING_CALLS,
  clientsAt,
  failsWith,
  restAt,
  SESSION_CALLS,
  startTenantDaemon,
  type TenantClients,
  tenantKey,
  unknownSessionId,
  WORKSPACE_CALLS,
} from "../support/tenant-daemon.js";
import { freshWorkspaceId, type WorkspaceDaemon } from "../support/workspace-daemon.js";

/**
 * Tenants alpha and beta hold user keys of one daemon: whatever protocol
 * beta speaks, alpha's session and workspace answer as if they did not
 * exist, and alpha's workspace id can't be taken over. The admin key sees
 * both tenants.
 */
const IMAGE = "sandbox-runtime:base";
const alpha = tenantKey("alpha");
const beta = tenantKey("beta");
const bytes = (s: string) => new TextEncoder().encode(s);
let d: WorkspaceDaemon;
let admin: TenantClients;
let alphaApi: TenantClients;
let alphaSession: string;
let alphaWorkspace: string;
let betaSession: string;
const missingSession = unknownSessionId();
const missingWorkspace = freshWorkspaceId("nobody");

beforeAll(async () => {
  d = await startTenantDaemon([alpha, beta], { pool: { enabled: true, images: { [IMAGE]: 1 } } });
  admin = clientsAt(d.url, d.apiKey);
  alphaApi = clientsAt(d.url, alpha.key);
  alphaWorkspace = freshWorkspaceId("alpha");
  const created = await alphaApi.sessions.createSession({
    image: "base",
    workspaceId: alphaWorkspace,
  });
  alphaSession = created.session?.id ?? "";
  await alphaApi.fs.writeFile({
    sessionId: alphaSession,
    path: "/workspace/secret.txt",
    content: bytes("alpha-secret"),
  });
  betaSession =
    (await clientsAt(d.url, beta.key).sessions.createSession({ image: "base" })).session?.id ?? "";
  const poolReady = async () =>
    ((await admin.sessions.getPoolStatus({})).images[0]?.ready ?? 0) >= 1;
  expect(await waitFor(poolReady, 60_000)).toBe(true);
});

afterAll(async () => {
  await d?.stop();
});

describe.each(["grpc", "connect"] as const)("beta over %s", (protocol) => {
  const api = () => clientsAt(d.url, beta.key, protocol);

  test("every call on alpha's session answers NotFound, word for word as for an unknown id", async () => {
    for (const [name, call] of Object.entries(SESSION_CALLS)) {
      const hidden = await failsWith(call(api(), alphaSession), Code.NotFound, name);
      const unknown = await failsWith(call(api(), missingSession), Code.NotFound, name);
      expect(hidden, name).toBe(`session ${alphaSession} not found`);
      expect(unknown, name).toBe(`session ${missingSession} not found`);
    }
  });

  test("alpha's workspace answers NotFound like an unknown one, and its id is taken", async () => {
    for (const [name, call] of Object.entries(WORKSPACE_CALLS)) {
      const hidden = await failsWith(call(api(), alphaWorkspace), Code.NotFound, name);
      const unknown = await failsWith(call(api(), missingWorkspace), Code.NotFound, name);
      expect(hidden, name).toBe(`workspace ${alphaWorkspace} not found`);
      expect(unknown, name).toBe(`workspace ${missingWorkspace} not found`);
    }
    for (const [name, call] of Object.entries(CLAIMING_CALLS)) {
      const taken = await failsWith(call(api(), alphaWorkspace), Code.AlreadyExists, name);
      expect(taken, name).toBe(`workspace id ${alphaWorkspace} is taken; choose another`);
    }
  });

  test("lists show beta's own only, and no pool containers", async () => {
    const { sessions } = await api().sessions.listSessions({ includePool: true });
    expect(sessions.map((s) => [s.id, s.tenant])).toEqual([[betaSession, "beta"]]);
    const { workspaces } = await api().workspaces.listWorkspaces({});
    expect(workspaces.map((w) => w.id)).not.toContain(alphaWorkspace);
  });

  test("ConfigService is for admins: PermissionDenied", async () => {
    const candidate = { valuesJson: { session_ttl_seconds: "1800" } };
    for (const [name, call] of Object.entries({
      GetConfig: () => api().config.getConfig({}),
      ValidateConfig: () => api().config.validateConfig({ candidate }),
      UpdateConfig: () => api().config.updateConfig({ candidate }),
    })) {
      const refused = await failsWith(call, Code.PermissionDenied, name);
      expect(refused).toBe(`${name} needs an admin key (this key's role is user)`);
    }
  });
});

describe("beta over REST", () => {
  const rest = (method: string, path: string, body?: unknown) =>
    restAt(d.url, beta.key, method, path, body);
  const sessionRoutes: [string, string, unknown?][] = [
    ["GET", ""],
    ["GET", "/stats"],
    ["POST", "/exec", { cmd: "touch /tmp/beta-was-here" }],
    ["POST", "/exec/stream", { cmd: "touch /tmp/beta-was-here" }],
    ["POST", "/fs/write", { path: "secret.txt", text: "beta" }],
    ["GET", "/fs/read?path=secret.txt"],
    ["GET", "/fs?path=%2Fworkspace"],
    ["POST", "/extend", { ttl_seconds: 600 }],
    ["POST", "/pty", {}],
    ["DELETE", ""],
  ];

  test("alpha's session is a 404 with the words of an unknown id", async () => {
    for (const [method, suffix, body] of sessionRoutes) {
      for (const id of [alphaSession, missingSession]) {
        const r = await rest(method, `/v1/sessions/${id}${suffix}`, body);
        expect([method, suffix, r.status, r.json.error]).toEqual([
          method,
          suffix,
          404,
          `session ${id} not found`,
        ]);
      }
    }
  });

  test("alpha's workspace is a 404; writing to it or mounting it is a 409", async () => {
    for (const [method, suffix] of [
      ["GET", ""],
      ["GET", "/fs?path=."],
      ["GET", "/fs/read?path=secret.txt"],
      ["DELETE", ""],
    ] as const) {
      for (const id of [alphaWorkspace, missingWorkspace]) {
        const r = await rest(method, `/v1/workspaces/${id}${suffix}`);
        expect([method, suffix, r.status, r.json.error]).toEqual([
          method,
          suffix,
          404,
          `workspace ${id} not found`,
        ]);
      }
    }
    const taken = `workspace id ${alphaWorkspace} is taken; choose another`;
    const write = await rest("POST", `/v1/workspaces/${alphaWorkspace}/fs/write`, {
      path: "secret.txt",
      text: "beta",
    });
    expect([write.status, write.json.error]).toEqual([409, taken]);
    const mount = await rest("POST", "/v1/sessions", {
      image: "base",
      workspace_id: alphaWorkspace,
    });
    expect([mount.status, mount.json.error]).toEqual([409, taken]);
  });

  test("lists, the pool, the config and /metrics", async () => {
    const sessions = await rest("GET", "/v1/sessions?include_pool=true");
    expect(sessions.json.map((s: { id: string }) => s.id)).toEqual([betaSession]);
    const adminSessions = await restAt(d.url, d.apiKey, "GET", "/v1/sessions?include_pool=true");
    expect(adminSessions.json.map((s: { status: string }) => s.status)).toContain("pool_idle");
    const workspaces = await rest("GET", "/v1/workspaces");
    expect(workspaces.json.workspaces.map((w: { id: string }) => w.id)).not.toContain(
      alphaWorkspace,
    );
    expect((await rest("GET", "/api/config")).status).toBe(403);
    expect((await rest("PUT", "/api/config", { session_ttl_seconds: 1800 })).status).toBe(403);
    expect((await rest("GET", "/metrics")).status).toBe(401);
    expect((await restAt(d.url, d.apiKey, "GET", "/metrics")).status).toBe(200);
  });
});

describe("beta over MCP", () => {
  test("tools on alpha's session fail as on an unknown one; alpha's workspace is taken", async () => {
    const client = await mcpOverHttp(d, beta.key);
    try {
      const tools: [string, Record<string, unknown>][] = [
        ["exec", { command: "touch /tmp/beta-was-here" }],
        ["read_file", { path: "/workspace/secret.txt" }],
        ["write_file", { path: "/workspace/secret.txt", content: "beta" }],
        ["list_files", {}],
        ["extend_session", { ttl_seconds: 600 }],
        ["destroy_session", {}],
      ];
      for (const [name, args] of tools) {
        for (const id of [alphaSession, missingSession]) {
          const r = await client.callTool({ name, arguments: { session_id: id, ...args } });
          expect([name, r.isError, textOf(r)]).toEqual([
            name,
            true,
            `not_found: session ${id} not found`,
          ]);
        }
      }
      const listed = structuredOf(await client.callTool({ name: "list_sessions", arguments: {} }));
      expect((listed.sessions as { id: string }[]).map((s) => s.id)).toEqual([betaSession]);
      const mount = await client.callTool({
        name: "create_session",
        arguments: { image: "base", workspace_id: alphaWorkspace },
      });
      expect(textOf(mount)).toBe(
        `already_exists: workspace id ${alphaWorkspace} is taken; choose another`,
      );
    } finally {
      await client.close();
    }
  });
});

describe("afterwards", () => {
  test("the admin sees both tenants, with their names; the pool only shows to it", async () => {
    const { sessions } = await admin.sessions.listSessions({ includePool: true });
    const tenants = Object.fromEntries(sessions.map((s) => [s.id, s.tenant]));
    expect(tenants).toMatchObject({ [alphaSession]: "alpha", [betaSession]: "beta" });
    expect(sessions.some((s) => s.status === SessionStatus.POOL_IDLE)).toBe(true);
    const { workspaces } = await admin.workspaces.listWorkspaces({});
    expect(workspaces.find((w) => w.id === alphaWorkspace)?.tenant).toBe("alpha");
    expect((await admin.config.getConfig({})).entries.length).toBeGreaterThan(0);
  });

  test("alpha's session runs on with its files as alpha left them", async () => {
    const { session } = await alphaApi.sessions.getSession({ id: alphaSession });
    expect([session?.status, session?.tenant]).toEqual([SessionStatus.RUNNING, "alpha"]);
    const r = await alphaApi.exec.exec({
      sessionId: alphaSession,
      cmd: "cat /workspace/secret.txt; ls -A /workspace; ls /tmp/beta* 2>/dev/null | wc -l",
    });
    expect(r.output).toBe("alpha-secretsecret.txt\n0\n");
    const file = await alphaApi.workspaces.readWorkspaceFile({
      workspaceId: alphaWorkspace,
      path: "secret.txt",
    });
    expect(new TextDecoder().decode(file.content)).toBe("alpha-secret");
    const { sessions } = await alphaApi.sessions.listSessions({});
    expect(sessions.map((s) => s.id)).toEqual([alphaSession]);
  });
});
