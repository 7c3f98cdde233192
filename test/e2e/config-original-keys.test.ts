import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { ConfigSource, ConfigValueKind } from "../../gen/sandkasten/v1/config_pb.js";
import { ConfigError, loadConfig } from "../../src/config/load.js";
import { STRICT_DENIED } from "../../src/docker/seccomp.js";
import { runCli, unusedUrl, writeCliConfig } from "../support/cli.js";
import { type Clients, clientsFor } from "../support/clients.js";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";
import { waitFor } from "../support/engine.js";
import { run } from "../support/fixtures.js";
import { PtyTerminal } from "../support/pty-terminal.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { candidate, configClient, entryOf } from "./config-support.js";

/**
 * The original daemon's newest keys: defaults.exec_mode,
 * defaults.shell_prefer, security.seccomp and dashboard.enabled, from the
 * file or their variables, shown like every other setting; what seccomp does
 * to session containers (cold and pooled) and what dashboard.enabled does
 * to /. (What the exec modes do: exec-modes.test.ts.)
 */

const engine = new Docker({ socketPath: "/var/run/docker.sock" });

/** ptrace(PTRACE_TRACEME) and personality(0xffffffff, a query) from Python: "ok" or the error. */
const PTRACE = `python3 -c 'import ctypes,os; c=ctypes.CDLL(None,use_errno=True); r=c.ptrace(0,0,0,0); print("ptrace", "ok" if r==0 else os.strerror(ctypes.get_errno()))'`;
const PERSONALITY = `python3 -c 'import ctypes,os; c=ctypes.CDLL(None,use_errno=True); c.personality.argtypes=[ctypes.c_ulong]; r=c.personality(0xffffffff); print("personality", "ok" if r!=-1 else os.strerror(ctypes.get_errno()))'`;

async function session(api: Clients, image: string) {
  const { session } = await api.sessions.createSession({ image });
  if (!session) throw new Error("no session in CreateSession's answer");
  return session;
}

async function securityOpt(containerId: string): Promise<string[]> {
  return (await engine.getContainer(containerId).inspect()).HostConfig.SecurityOpt ?? [];
}

async function restConfig(d: TestDaemon): Promise<Record<string, unknown>> {
  const res = await fetch(`${d.url}/api/config`, {
    headers: { authorization: `Bearer ${d.apiKey}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { config: Record<string, unknown> }).config;
}

describe("the keys in sandkasten.yaml", () => {
  let d: ConfigFileDaemon;
  let api: Clients;

  beforeAll(async () => {
    d = await startConfigFileDaemon(
      [
        "defaults:",
        "  exec_mode: stateless",
        "  shell_prefer: sh",
        "security:",
        "  seccomp: mvp",
        "dashboard:",
        "  enabled: false",
        "pool:",
        "  enabled: true",
        "  images: {python: 1}",
      ].join("\n"),
    );
    api = clientsFor(d);
  });
  afterAll(async () => {
    await d?.stop();
  });

  test("GetConfig and GET /api/config show each, from the file; mvp reads as default", async () => {
    const res = await configClient(d).getConfig({});
    expect(entryOf(res, "defaults.exec_mode")).toMatchObject({
      valueJson: '"stateless"',
      defaultJson: '"stateful"',
      kind: ConfigValueKind.CHOICE,
      choices: ["stateful", "stateless"],
      source: ConfigSource.FILE,
      env: "SANDKASTEN_EXEC_MODE",
      restartRequired: true,
    });
    expect(entryOf(res, "defaults.shell_prefer")).toMatchObject({
      valueJson: '"sh"',
      defaultJson: '"bash"',
      choices: ["bash", "sh"],
      source: ConfigSource.FILE,
      env: "SANDKASTEN_SHELL_PREFER",
    });
    expect(entryOf(res, "security.seccomp")).toMatchObject({
      valueJson: '"default"',
      defaultJson: '"default"',
      choices: ["off", "default", "strict"],
      source: ConfigSource.FILE,
      env: "SANDKASTEN_SECCOMP",
      restartRequired: true,
    });
    expect(entryOf(res, "dashboard.enabled")).toMatchObject({
      valueJson: "false",
      defaultJson: "true",
      kind: ConfigValueKind.BOOLEAN,
      source: ConfigSource.FILE,
      env: "SANDKASTEN_DASHBOARD_ENABLED",
      restartRequired: false,
    });
    expect(await restConfig(d)).toMatchObject({
      "defaults.exec_mode": "stateless",
      "defaults.shell_prefer": "sh",
      "security.seccomp": "default",
      "dashboard.enabled": false,
    });
  });

  test("seccomp default (mvp): the engine's own profile, for pooled containers too", async () => {
    const ready = async () =>
      (await api.sessions.getPoolStatus({})).images.some((i) => i.ready === 1);
    expect(await waitFor(ready, 60_000)).toBe(true);
    const s = await session(api, "python");
    expect(s.pooled).toBe(true);
    expect(await securityOpt(s.containerId)).toEqual(["no-new-privileges"]);
    const r = await run(api, s.id, `grep Seccomp: /proc/self/status; ${PTRACE}; ${PERSONALITY}`);
    expect(r.output).toBe("Seccomp:\t2\nptrace ok\npersonality ok\n");
  });

  test("dashboard off: / and its pages answer 404, the API works", async () => {
    for (const path of ["/", "/sessions", "/index.html"]) {
      const res = await fetch(`${d.url}${path}`, { headers: { accept: "text/html" } });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(await res.text()).toContain("dashboard.enabled: false");
    }
    expect((await fetch(`${d.url}/healthz`)).status).toBe(200);
    const list = await fetch(`${d.url}/v1/sessions`, {
      headers: { authorization: `Bearer ${d.apiKey}` },
    });
    expect(list.status).toBe(200);
  });

  test("dashboard.enabled applies at once: turned on, / serves the dashboard", async () => {
    const res = await configClient(d).updateConfig({
      candidate: candidate({ "dashboard.enabled": true }),
    });
    expect(res.applied).toEqual(["dashboard.enabled"]);
    const page = await fetch(`${d.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  });
});

describe("the keys from SANDKASTEN_* variables", () => {
  let d: ConfigFileDaemon;
  let api: Clients;

  beforeAll(async () => {
    d = await startConfigFileDaemon("pool:\n  enabled: true\n  images: {python: 1}\n", {
      SANDKASTEN_EXEC_MODE: "stateful",
      SANDKASTEN_SHELL_PREFER: "bash",
      SANDKASTEN_SECCOMP: "strict",
      SANDKASTEN_DASHBOARD_ENABLED: "yes",
    });
    api = clientsFor(d);
  });
  afterAll(async () => {
    await d?.stop();
  });

  test("GetConfig names the environment as their source", async () => {
    const res = await configClient(d).getConfig({});
    for (const [key, value] of [
      ["defaults.exec_mode", '"stateful"'],
      ["defaults.shell_prefer", '"bash"'],
      ["security.seccomp", '"strict"'],
      ["dashboard.enabled", "true"],
    ]) {
      expect(entryOf(res, key as string)).toMatchObject({
        valueJson: value,
        source: ConfigSource.ENV,
      });
    }
  });

  test("seccomp strict, pooled: no ptrace, personality or namespaces (EPERM); Python works", async () => {
    const ready = async () =>
      (await api.sessions.getPoolStatus({})).images.some((i) => i.ready === 1);
    expect(await waitFor(ready, 60_000)).toBe(true);
    const s = await session(api, "python");
    expect(s.pooled).toBe(true);
    const r = await run(
      api,
      s.id,
      `grep Seccomp: /proc/self/status; ${PTRACE}; ${PERSONALITY}; unshare -U true; echo "unshare $?"; python3 -c 'print(6 * 7)'`,
    );
    expect(r.output).toBe(
      "Seccomp:\t2\nptrace Operation not permitted\npersonality Operation not permitted\n" +
        "unshare: unshare failed: Operation not permitted\nunshare 1\n42\n",
    );
  });

  test("seccomp strict, cold: our profile goes to the engine; Node and the usual tools work", async () => {
    const s = await session(api, "node");
    expect(s.pooled).toBe(false);
    const [nnp, seccomp, ...rest] = await securityOpt(s.containerId);
    expect({ nnp, rest }).toEqual({ nnp: "no-new-privileges", rest: [] });
    expect(seccomp).toMatch(/^seccomp=\{/);
    const profile = JSON.parse((seccomp ?? "").slice("seccomp=".length)) as {
      syscalls: { names: string[]; action: string }[];
    };
    const allowed = new Set(
      profile.syscalls.filter((r) => r.action === "SCMP_ACT_ALLOW").flatMap((r) => r.names),
    );
    expect(STRICT_DENIED.filter((name) => allowed.has(name))).toEqual([]);
    expect(allowed.has("read") && allowed.has("execve") && allowed.has("clone")).toBe(true);
    const r = await run(
      api,
      s.id,
      "node -e 'console.log(6 * 7)'; ls / | grep -c workspace; echo a | sed s/a/b/; unshare -U true 2>/dev/null || echo refused",
    );
    expect(r.output).toBe("42\n1\nb\nrefused\n");
  });

  test("seccomp strict: a terminal (ptyhost) works", async () => {
    const s = await session(api, "base");
    const t = await PtyTerminal.open(api, s.id, { cols: 80, rows: 24 });
    await t.waitFor(/\$ $/);
    await t.runLine("echo hi", /echo hi\nhi\n/);
    await t.close();
  });

  test("dashboard on (yes): / serves the dashboard", async () => {
    const res = await fetch(`${d.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  });
});

describe("security.seccomp: off", () => {
  let d: TestDaemon;
  let api: Clients;

  beforeAll(async () => {
    d = await startTestDaemon({ security: { seccomp: "off" } });
    api = clientsFor(d);
  });
  afterAll(async () => {
    await d?.stop();
  });

  test("sessions run without a system call filter", async () => {
    const s = await session(api, "base");
    expect(await securityOpt(s.containerId)).toEqual(["no-new-privileges", "seccomp=unconfined"]);
    expect((await run(api, s.id, "grep Seccomp: /proc/self/status")).output).toBe("Seccomp:\t0\n");
  });

  test("doctor and `sandkasten security` warn that it weakens isolation", async () => {
    const c = writeCliConfig({
      listen: (await unusedUrl()).replace("http://", ""),
      security: { seccomp: "off" },
    });
    onTestFinished(() => c.remove());
    const warning =
      "warn  seccomp: security.seccomp is off: session containers run without a system call filter (seccomp=unconfined), which weakens their isolation\n" +
      "      fix: set security.seccomp: default (the engine's profile) or strict, and restart the daemon\n";
    expect((await runCli(["doctor"], { cwd: c.dir })).stdout).toContain(warning);
    const security = await runCli(["security"], { cwd: c.dir });
    expect(security.code).toBe(0);
    expect(security.stdout).toContain(warning);
  });
});

describe("what start-up accepts", () => {
  const load = (fileless: NodeJS.ProcessEnv) => loadConfig({ env: fileless });

  test("the variables take the same choices; mvp is read as default", () => {
    const c = load({
      SANDKASTEN_EXEC_MODE: "stateless",
      SANDKASTEN_SHELL_PREFER: "sh",
      SANDKASTEN_SECCOMP: "mvp",
      SANDKASTEN_DASHBOARD_ENABLED: "off",
    });
    expect([c.defaults.exec_mode, c.defaults.shell_prefer, c.security.seccomp]).toEqual([
      "stateless",
      "sh",
      "default",
    ]);
    expect(c.dashboard.enabled).toBe(false);
    const defaults = load({});
    expect(defaults.defaults.exec_mode).toBe("stateful");
    expect(defaults.defaults.shell_prefer).toBe("bash");
    expect(defaults.security.seccomp).toBe("default");
    expect(defaults.dashboard.enabled).toBe(true);
  });

  test("any other value stops start-up naming the key", () => {
    for (const [name, value, key] of [
      ["SANDKASTEN_EXEC_MODE", "sometimes", "defaults.exec_mode"],
      ["SANDKASTEN_SHELL_PREFER", "zsh", "defaults.shell_prefer"],
      ["SANDKASTEN_SECCOMP", "lenient", "security.seccomp"],
      ["SANDKASTEN_DASHBOARD_ENABLED", "maybe", "dashboard.enabled"],
    ] as const) {
      let error: unknown;
      try {
        load({ [name]: value });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.key)).toEqual([key]);
    }
  });

  test("doctor names the original spelling mvp and the one preferred here", async () => {
    const c = writeCliConfig({
      listen: (await unusedUrl()).replace("http://", ""),
      security: { seccomp: "mvp" },
    });
    onTestFinished(() => c.remove());
    const r = await runCli(["doctor"], { cwd: c.dir });
    expect(r.stdout).toContain(
      'warn  config: security.seccomp: "mvp" (the original daemon\'s spelling) is read as "default"\n',
    );
    expect(r.stdout).not.toContain("security.seccomp is off");
  });
});
