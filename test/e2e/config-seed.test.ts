import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { onTestFinished } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load.js";
import { runCli, unusedUrl } from "../support/cli.js";
import { clientsFor } from "../support/clients.js";
import { describe, expect, test } from "../support/fixtures.js";
import { runTestDaemon, type TestDaemon, testInstance } from "../support/test-daemon.js";

/**
 * The configuration of the product documents (the seeds), as users already
 * have it, starts our daemon with the same meaning.
 *
 * test/fixtures/seed-config/ holds the seeds' YAML verbatim:
 * - sandkasten.yaml: seed 003's "Minimal sandkasten.yaml" (listen, api_key)
 *   followed by seed 002's two "Configuration" blocks (workspace, pool);
 * - sandkasten-full.yaml: seed 003's "Full example with all features".
 * The files are not edited: the port, the data directory and the instance
 * name come from SANDKASTEN_LISTEN, SANDKASTEN_DATA_DIR and
 * SANDKASTEN_INSTANCE, which win over the file (port 8080 and
 * /var/lib/sandkasten may belong to a daemon that is really running here).
 */

const FIXTURES = resolve("test/fixtures/seed-config");
let started = 0;

/** A daemon started from `file` as `sandkasten --config FILE` starts one, on a free port. */
/** doctor on `file`, checking a port where nothing listens, with its data dir in /tmp. */
async function doctor(file: string) {
  const dataDir = mkdtempSync("/tmp/skt-");
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  return runCli(["doctor", "--config", file], {
    env: { SANDKASTEN_LISTEN: new URL(await unusedUrl()).host, SANDKASTEN_DATA_DIR: dataDir },
  });
}

async function daemonFromFile(file: string): Promise<TestDaemon> {
  const dataDir = mkdtempSync("/tmp/skt-");
  const config = loadConfig({ file, env: envFor(dataDir) });
  const d = await runTestDaemon(config, config.api_key, dataDir);
  onTestFinished(() => d.stop());
  return d;
}

function envFor(dataDir: string): NodeJS.ProcessEnv {
  return {
    SANDKASTEN_LISTEN: "127.0.0.1:0",
    SANDKASTEN_DATA_DIR: dataDir,
    SANDKASTEN_INSTANCE: `${testInstance()}-seed${++started}`,
  };
}

/** Waits until every image of the pool has as many ready containers as its target. */
async function poolFilled(d: TestDaemon): Promise<Record<string, [number, number]>> {
  const api = clientsFor(d);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { enabled, images } = await api.sessions.getPoolStatus({});
    expect(enabled).toBe(true);
    const state = Object.fromEntries(
      images.map((i): [string, [number, number]] => [i.image, [i.ready, i.target]]),
    );
    if (images.every((i) => i.ready === i.target)) return state;
    if (Date.now() > deadline) throw new Error(`the pool did not fill: ${JSON.stringify(state)}`);
    await sleep(200);
  }
}

function restCreate(d: TestDaemon, body: unknown) {
  return fetch(`${d.url}/v1/sessions`, {
    method: "POST",
    headers: d.apiKey === "" ? {} : { authorization: `Bearer ${d.apiKey}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

function yamlFile(text: string): string {
  const dir = mkdtempSync("/tmp/skt-cfg-");
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "sandkasten.yaml");
  writeFileSync(file, text);
  return file;
}

describe("the seeds' sandkasten.yaml, verbatim", () => {
  test("listen + api_key + workspace + pool: every key means what the seeds say, and the pool fills", async () => {
    const d = await daemonFromFile(join(FIXTURES, "sandkasten.yaml"));
    const { config } = d.daemon.ctx;
    expect(config.api_key).toBe("sk-your-secret-key");
    expect(config.workspace).toMatchObject({ enabled: true, persist_by_default: false });
    expect(config.pool).toEqual({
      enabled: true,
      images: { "sandbox-runtime:python": 3, "sandbox-runtime:node": 2 },
    });

    expect(await poolFilled(d)).toEqual({
      "sandbox-runtime:python": [3, 3],
      "sandbox-runtime:node": [2, 2],
    });

    // Seed 002's "Test pool" call: a session from the pool, with the file's key.
    const pooled = await restCreate(d, { image: "sandbox-runtime:python" });
    expect(pooled.status).toBe(201);
    const session = (await pooled.json()) as { pooled: boolean; workspace_id: string | null };
    expect(session.pooled).toBe(true);
    // persist_by_default: false: no workspace_id, no workspace.
    expect(session.workspace_id).toBeNull();
    // api_key is enforced.
    const anonymous = await fetch(`${d.url}/v1/sessions`);
    expect(anonymous.status).toBe(401);
  });

  test("seed 003's full example (the sandkasten-full.yaml it points to) fills its pool", async () => {
    const d = await daemonFromFile(join(FIXTURES, "sandkasten-full.yaml"));
    expect(d.daemon.ctx.config.workspace.enabled).toBe(true);
    expect(await poolFilled(d)).toEqual({ "sandbox-runtime:python": [3, 3] });
  });

  test("doctor finds nothing to prefer in the seeds' file", async () => {
    const r = await doctor(join(FIXTURES, "sandkasten.yaml"));
    expect(r.stdout).toMatch(/^pass {2}config: .*sandkasten\.yaml is valid/m);
    expect(r.stdout).not.toMatch(/^warn {2}config:/m);
  });
});

describe("pool.images keys", () => {
  test("take the short names of session create: python is sandbox-runtime:python", async () => {
    const file = yamlFile("pool:\n  enabled: true\n  images:\n    base: 1\n");
    const d = await daemonFromFile(file);
    expect(await poolFilled(d)).toEqual({ "sandbox-runtime:base": [1, 1] });
    const res = await restCreate(d, { image: "base" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { pooled: boolean }).pooled).toBe(true);
  });

  test("a key naming no allowed image stops start-up, naming the key and what was meant", async () => {
    const file = yamlFile("pool:\n  enabled: true\n  images:\n    pyhton: 1\n");
    const dataDir = mkdtempSync("/tmp/skt-");
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    let error: unknown;
    try {
      loadConfig({ file, env: envFor(dataDir) });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        key: "pool.images",
        message: expect.stringMatching(
          /^pool\.images: "pyhton" is not an allowed image \(did you mean "python"\?\); use short names base, python, node or one of allowed_images: sandbox-runtime:base, sandbox-runtime:python, sandbox-runtime:node$/,
        ),
      },
    ]);

    // The daemon itself, started as the seed starts it, refuses to start.
    const r = await runCli(["--config", file], { env: envFor(dataDir), timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/pool\.images: \\?"pyhton\\?" is not an allowed image/);
  });

  test("a pooled image that allowed_images does not allow, or one image named twice, is refused", () => {
    const notAllowed = yamlFile(
      "allowed_images: [sandbox-runtime:base]\npool:\n  images:\n    sandbox-runtime:node: 1\n",
    );
    expect(() => loadConfig({ file: notAllowed, env: {} })).toThrow(
      /pool\.images: "sandbox-runtime:node" is not an allowed image/,
    );
    const twice = yamlFile("pool:\n  images:\n    python: 1\n    sandbox-runtime:python: 2\n");
    expect(() => loadConfig({ file: twice, env: {} })).toThrow(
      /pool\.images: "python" and "sandbox-runtime:python" both name sandbox-runtime:python; keep one/,
    );
  });
});

describe("values spelt as the original daemon's files spell them", () => {
  const ORIGINAL = [
    "workspace:",
    "  enabled: yes",
    "  persist_by_default: off",
    "pool:",
    "  enabled: no",
    "defaults:",
    '  network_mode: "full"  # or "none" for isolated',
    '  readonly_rootfs: "true"',
    "",
  ].join("\n");

  test("mean the same: yes/no/on/off are booleans, network_mode full is Docker's bridge", () => {
    const c = loadConfig({ file: yamlFile(ORIGINAL), env: { SANDKASTEN_READONLY_ROOTFS: "0" } });
    expect(c.workspace).toMatchObject({ enabled: true, persist_by_default: false });
    expect(c.pool.enabled).toBe(false);
    expect(c.defaults.network_mode).toBe("bridge");
    // strconv.ParseBool's 0, as the original read its variables.
    expect(c.defaults.readonly_rootfs).toBe(false);
  });

  test("any other word for a boolean is refused naming the key (never read as true)", () => {
    expect(() => loadConfig({ file: yamlFile("pool:\n  enabled: maybe\n"), env: {} })).toThrow(
      /pool\.enabled: must be true or false/,
    );
  });

  test("doctor says which spelling is preferred", async () => {
    const r = await doctor(yamlFile(ORIGINAL));
    const warnings = r.stdout.split("\n").filter((line) => line.startsWith("warn  config:"));
    expect(warnings).toEqual([
      'warn  config: defaults.network_mode: "full" (the original daemon\'s spelling) is read as "bridge"',
      'warn  config: defaults.readonly_rootfs: "true" (the original daemon\'s spelling) is read as true',
      'warn  config: workspace.enabled: "yes" (the original daemon\'s spelling) is read as true',
      'warn  config: workspace.persist_by_default: "off" (the original daemon\'s spelling) is read as false',
      'warn  config: pool.enabled: "no" (the original daemon\'s spelling) is read as false',
    ]);
    expect(r.stdout).toContain("fix: prefer pool.enabled: false; both work");
  });
});

describe("text settings", () => {
  test("a NUL character in a value or a map key is refused naming the setting", () => {
    expect(() => loadConfig({ file: yamlFile('default_image: "py\\0thon"\n'), env: {} })).toThrow(
      /default_image must not contain NUL characters/,
    );
    expect(() =>
      loadConfig({ file: yamlFile('pool:\n  images:\n    "py\\0": 1\n'), env: {} }),
    ).toThrow(/pool\.images must not contain NUL characters/);
  });
});
