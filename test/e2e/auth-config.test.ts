import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load.js";
import { testInstance } from "../support/test-daemon.js";

/**
 * A daemon reachable beyond this machine must have an API key: the config
 * loader refuses it, and so does the CLI (which global setup built into
 * dist/), with a message that says what to do.
 */

const NEEDS_KEY =
  /listen is .* which is not a loopback address, and api_key is empty; set api_key \(or SANDKASTEN_API_KEY\)/;

describe("loadConfig and the API key", () => {
  for (const listen of ["0.0.0.0:8080", "[::]:8080", "192.168.1.10:8080", "example.com:80"]) {
    test(`refuses listen ${listen} without an api_key, naming the problem`, () => {
      expect(() => loadConfig({ env: {}, overrides: { listen } })).toThrow(ConfigError);
      expect(() => loadConfig({ env: {}, overrides: { listen } })).toThrow(NEEDS_KEY);
    });
  }

  test("accepts a non-loopback listen with api_key, with api_keys, or with SANDKASTEN_API_KEY", () => {
    expect(
      loadConfig({ env: {}, overrides: { listen: "0.0.0.0:8080", api_key: "k" } }).listen,
    ).toBe("0.0.0.0:8080");
    expect(
      loadConfig({ env: {}, overrides: { listen: "0.0.0.0:8080", api_keys: ["a", "b"] } }).api_keys,
    ).toEqual(["a", "b"]);
    const fromEnv = loadConfig({
      env: { SANDKASTEN_LISTEN: "0.0.0.0:9", SANDKASTEN_API_KEY: "from-env" },
    });
    expect(fromEnv.api_key).toBe("from-env");
  });

  test("loopback addresses may go without a key", () => {
    for (const listen of ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "127.1.2.3:1"]) {
      expect(loadConfig({ env: {}, overrides: { listen } }).api_key, listen).toBe("");
    }
  });
});

describe("sandkasten serve", () => {
  let dir = "";
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    child = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function writeConfig(lines: string[]): string {
    dir = mkdtempSync("/tmp/skt-cli-");
    const file = join(dir, "sandkasten.yaml");
    writeFileSync(
      file,
      [...lines, `data_dir: ${join(dir, "data")}`, `instance: ${testInstance()}`, ""].join("\n"),
    );
    return file;
  }

  /** Starts the CLI as a separate process (never blocking this one, which may host daemons). */
  function serve(file: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("SANDKASTEN_")),
    );
    child = spawn(process.execPath, ["bin/sandkasten.js", "serve", "--config", file], {
      env: { ...clean, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return child;
  }

  function collect(p: ChildProcess): {
    stdout: () => string;
    stderr: () => string;
    exit: Promise<number | null>;
  } {
    let out = "";
    let err = "";
    p.stdout?.on("data", (c) => {
      out += c;
    });
    p.stderr?.on("data", (c) => {
      err += c;
    });
    const exit = new Promise<number | null>((resolve) => p.once("exit", (code) => resolve(code)));
    return { stdout: () => out, stderr: () => err, exit };
  }

  test("with listen 0.0.0.0 and no api_key it exits non-zero with the message", async () => {
    const file = writeConfig(["listen: 0.0.0.0:0"]);
    const p = collect(serve(file));
    const code = await p.exit;
    expect(code).not.toBe(0);
    expect(p.stderr()).toMatch(NEEDS_KEY);
    expect(p.stdout()).not.toMatch(/listening/);
  });

  test("with SANDKASTEN_API_KEY set it serves: 401 without the key, 200 with it, /healthz open; SIGTERM ends it cleanly", async () => {
    const file = writeConfig(["listen: 0.0.0.0:0", "log_level: error"]);
    const p = collect(serve(file, { SANDKASTEN_API_KEY: "cli-test-key" }));
    const deadline = Date.now() + 20_000;
    while (
      !/listening on (\S+)/.test(p.stdout()) &&
      Date.now() < deadline &&
      child?.exitCode === null
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /listening on http:\/\/[^:]+:(\d+)/.exec(p.stdout());
    expect(url, p.stderr()).not.toBeNull();
    const base = `http://127.0.0.1:${url?.[1]}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/v1/sessions`)).status).toBe(401);
    const ok = await fetch(`${base}/v1/sessions`, {
      headers: { authorization: "Bearer cli-test-key" },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
    child?.kill("SIGTERM");
    expect(await p.exit).toBe(0);
  });
});
