import { readFileSync } from "node:fs";
import Docker from "dockerode";
import { onTestFinished } from "vitest";
import { configFor, runCli, unusedUrl, writeCliConfig } from "../support/cli.js";
import { describe, expect, test } from "../support/fixtures.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * `sandkasten doctor` checks that the daemon answers and reaches its engine;
 * /api/status and ConfigService.GetDaemonStatus report the engine's health.
 */

const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
const engine = new Docker({ socketPath: "/var/run/docker.sock" });

async function status(d: TestDaemon) {
  const res = await fetch(`${d.url}/api/status`, {
    headers: { authorization: `Bearer ${d.apiKey}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { engine: Record<string, unknown> };
}

/** A daemon whose engine socket leads nowhere (it starts anyway and says so). */
async function daemonWithoutEngine(): Promise<TestDaemon> {
  const d = await startTestDaemon({
    docker: { socket: "/tmp/skt-no-engine-here.sock", timeout_ms: 2_000 },
  });
  onTestFinished(() => d.stop());
  return d;
}

describe("engine health in /api/status", () => {
  test("a reachable engine: its version, API version, ping time, and no error", async ({
    daemon,
  }) => {
    const v = await engine.version();
    expect((await status(daemon)).engine).toEqual({
      reachable: true,
      version: v.Version,
      api_version: v.ApiVersion,
      ping_ms: expect.any(Number),
      socket: "/var/run/docker.sock",
      last_error: "",
      last_error_at: null,
      failed_calls: 0,
    });
    expect((await status(daemon)).engine.ping_ms).toBeGreaterThan(0);
  });

  test("an engine that is not there: unreachable, with the error and when it happened", async () => {
    const d = await daemonWithoutEngine();
    const before = Date.now();
    const { engine: e } = await status(d);
    expect(e).toMatchObject({ reachable: false, version: "", api_version: "", ping_ms: 0 });
    expect(e.last_error).toContain("/tmp/skt-no-engine-here.sock");
    expect(Date.parse(String(e.last_error_at))).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe("sandkasten doctor", () => {
  test("with the daemon answering: the daemon and the engine it reaches are checked and pass", async ({
    daemon,
  }) => {
    const c = configFor(daemon);
    onTestFinished(() => c.remove());
    const v = await engine.version();
    const r = await runCli(["doctor"], { cwd: c.dir });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`pass  daemon: sandkasten ${version} answers at ${daemon.url}\n`);
    expect(r.stdout).toMatch(
      new RegExp(
        `^pass {2}daemon's engine: engine ${v.Version.replace(/[.+]/g, "\\$&")}, API ${v.ApiVersion}, ping \\d+\\.\\d ms$`,
        "m",
      ),
    );
    expect(r.stdout).toMatch(/everything looks right\n$/);
  });

  test("with no daemon listening: a failure naming the URL, with how to start one", async () => {
    const url = await unusedUrl();
    const c = writeCliConfig({ listen: url.replace("http://", "") });
    onTestFinished(() => c.remove());
    const r = await runCli(["doctor"], { cwd: c.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `FAIL  daemon: not answering at ${url}\n      fix: start it with 'sandkasten daemon -d'`,
    );
    expect(r.stdout).toMatch(/1 problem\(s\)\n$/);
  });

  test("--url and a wrong --api-key: the daemon answers but refuses the key", async ({
    daemon,
  }) => {
    const c = writeCliConfig({});
    onTestFinished(() => c.remove());
    const r = await runCli(["doctor", "--url", daemon.url, "--api-key", "sk-wrong"], {
      cwd: c.dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL  daemon: answers at ${daemon.url} but refuses the API key`);
  });

  test("a daemon that cannot reach its engine: the engine check fails with the daemon's error", async () => {
    const d = await daemonWithoutEngine();
    const c = configFor(d);
    onTestFinished(() => c.remove());
    const r = await runCli(["doctor"], { cwd: c.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`pass  daemon: sandkasten ${version} answers at ${d.url}`);
    expect(r.stdout).toMatch(
      /^FAIL {2}daemon's engine: the daemon cannot reach the engine at \/tmp\/skt-no-engine-here\.sock: .+\n {6}fix: start dockerd/m,
    );
  });
});
