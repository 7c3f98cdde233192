import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  type CliConfig,
  collect,
  daemonConfig,
  jsonLines,
  runCli,
  spawnCli,
  untilListening,
  waitFor,
} from "../support/cli.js";

/**
 * Everything `sandkasten serve` prints is a JSON line with time, level and
 * msg: its log, its "listening" line, start-up failures, and what else the
 * process would print (here: a YAML warning about the config file, which
 * Node would print as plain text).
 */

let config: (CliConfig & { apiKey: string }) | undefined;
afterEach(() => {
  config?.remove();
  config = undefined;
});

describe("the daemon's output is JSON lines only", () => {
  test("through start-up, calls of every kind, a process warning and SIGTERM", async () => {
    config = daemonConfig({ log_level: "debug" });
    const c = config;
    // An unknown tag: yaml parses the value and emits a process warning, at
    // start-up and whenever the daemon reads its file again (GET /api/config).
    writeFileSync(
      c.file,
      readFileSync(c.file, "utf8").replace(/^instance: (.*)$/m, "instance: !local $1"),
    );
    const child = spawnCli(["serve", "--config", c.file]);
    const out = collect(child);
    let killed = false;
    try {
      const url = await untilListening(child, out);
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: { authorization: `Bearer ${c.apiKey}` },
          ...(body === undefined
            ? {}
            : { body: typeof body === "string" ? body : JSON.stringify(body) }),
        });
        const text = await res.text();
        return { status: res.status, text };
      };
      expect((await call("GET", "/api/config")).status).toBe(200);
      const created = await call("POST", "/v1/sessions", { image: "base" });
      expect(created.status, created.text).toBe(201);
      const id = (JSON.parse(created.text) as { id: string }).id;
      expect(
        (await call("POST", `/v1/sessions/${id}/exec`, { cmd: "echo hi; echo err >&2" })).status,
      ).toBe(200);
      expect((await call("POST", `/v1/sessions/${id}/exec/stream`, { cmd: "seq 3" })).status).toBe(
        200,
      );
      expect(
        (await call("POST", `/v1/sessions/${id}/fs/write`, { path: "a.txt", text: "x" })).status,
      ).toBe(200);
      expect((await call("POST", `/v1/sessions/${id}/exec`, "{not json")).status).toBe(400);
      expect((await call("GET", "/v1/sessions/nosuchsession")).status).toBe(404);
      expect((await call("GET", "/api/status")).status).toBe(200);
      expect((await call("DELETE", `/v1/sessions/${id}`)).status).toBe(200);
      expect((await fetch(`${url}/v1/sessions`)).status).toBe(401);
      child.kill("SIGTERM");
      killed = true;
    } finally {
      if (!killed) child.kill("SIGKILL");
    }
    const r = await out.exited;
    expect(r.code, r.stderr).toBe(0);

    const stdout = jsonLines(r.stdout);
    expect(stdout.map((l) => l.msg)).toEqual([
      expect.stringMatching(/^sandkasten listening on http:/),
    ]);
    const stderr = jsonLines(r.stderr);
    const warnings = stderr.filter((l) => l.warning === "YAMLWarning");
    // Once at start-up, once for GET /api/config.
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toMatchObject({
      level: "warn",
      source: "process",
      code: "TAG_RESOLVE_FAILED",
    });
    expect(String(warnings[0]?.msg)).toContain("Unresolved tag: !local");
    const msgs = stderr.map((l) => l.msg);
    for (const expected of ["listening", "session created", "session destroyed", "stopping"]) {
      expect(msgs).toContain(expected);
    }
  });

  test("a config that does not load ends start-up with one JSON error line naming the key", async () => {
    config = daemonConfig({ defaults: { cpu_limit: "lots" } });
    const r = await runCli(["serve", "--config", config.file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = jsonLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", config_file: config.file });
    expect(String(lines[0]?.msg)).toContain("defaults.cpu_limit");
  });

  test.each([
    ["throw", "uncaught exception"],
    ["reject", "unhandled promise rejection"],
  ])(
    "an error nothing catches (%s) is logged as JSON and still ends the daemon with exit code 1",
    async (kind, msg) => {
      config = daemonConfig();
      // Loaded before the CLI (NODE_OPTIONS=--import): SIGUSR2 makes the daemon
      // process throw, or reject a promise, outside any handler.
      const probe = join(config.dir, "probe.mjs");
      writeFileSync(
        probe,
        `process.on("SIGUSR2", () => { const e = new Error("probe ${kind}"); if (process.env.SKT_PROBE === "reject") Promise.reject(e); else throw e; });\n`,
      );
      const child = spawnCli(["serve", "--config", config.file], {
        env: { NODE_OPTIONS: `--import=${probe}`, SKT_PROBE: kind },
      });
      const out = collect(child);
      await untilListening(child, out);
      child.kill("SIGUSR2");
      const r = await out.exited;
      expect(r.code).toBe(1);
      const last = jsonLines(r.stderr).at(-1);
      expect(last).toMatchObject({
        level: "error",
        source: "process",
        msg,
        error: `probe ${kind}`,
      });
      expect(String(last?.stack)).toContain("probe.mjs");
    },
  );

  test("console output of code in the daemon process is a JSON line of the log", async () => {
    config = daemonConfig({ log_level: "debug" });
    const probe = join(config.dir, "probe.mjs");
    writeFileSync(
      probe,
      `process.on("SIGUSR2", () => { console.log("probe %s %d", "console", 42); console.error(new Error("probe error")); });\n`,
    );
    const child = spawnCli(["serve", "--config", config.file], {
      env: { NODE_OPTIONS: `--import=${probe}` },
    });
    const out = collect(child);
    await untilListening(child, out);
    child.kill("SIGUSR2");
    await waitFor(() => out.stderr().includes("probe error"), "the console lines");
    child.kill("SIGTERM");
    const r = await out.exited;
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stderr).filter((l) => l.source === "console");
    expect(lines[0]).toMatchObject({ level: "info", msg: "probe console 42" });
    expect(lines[1]).toMatchObject({ level: "error" });
    expect(String(lines[1]?.msg)).toMatch(/^Error: probe error\n {4}at /);
  });
});
