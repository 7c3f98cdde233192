import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { settings } from "../../src/config/settings.js";
import {
  type CliConfig,
  collect,
  daemonConfig,
  isAlive,
  jsonLines,
  pidIn,
  runCli,
  spawnCli,
  stopBackgroundDaemon,
  untilListening,
  waitFor,
  writeCliConfig,
} from "../support/cli.js";

/**
 * Running the daemon from the CLI: init, `sandkasten` alone, daemon -d, logs
 * and stop, each against the real daemon it starts.
 */

let configs: CliConfig[] = [];

afterEach(async () => {
  for (const c of configs) {
    await stopBackgroundDaemon(c);
    c.remove();
  }
  configs = [];
});

function track<T extends CliConfig>(c: T): T {
  configs.push(c);
  return c;
}

describe("sandkasten init", () => {
  test("writes a valid, private config with a fresh API key and every setting described; never overwrites unasked", async () => {
    const c = track(writeCliConfig({}));
    const dir = join(c.dir, "fresh");
    mkdirSync(dir);
    const file = join(dir, "sandkasten.yaml");

    const first = await runCli(["init"], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("wrote sandkasten.yaml");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    const key = /^api_key: "(sk-[0-9a-f]{32})"$/m.exec(text)?.[1];
    expect(key).toBeDefined();
    const config = loadConfig({ file, env: {} });
    expect(config).toMatchObject({
      listen: "127.0.0.1:8080",
      api_key: key,
      data_dir: join(dir, ".data"),
    });
    for (const s of settings) expect(text).toContain(s.doc);

    const again = await runCli(["init"], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      "sandkasten init: sandkasten.yaml exists; pass --force to replace it (its API key would change)\n",
    );
    expect(readFileSync(file, "utf8")).toBe(text);

    const forced = await runCli(["init", "--force"], { cwd: dir });
    expect(forced.code).toBe(0);
    const newKey = loadConfig({ file, env: {} }).api_key;
    expect(newKey).toMatch(/^sk-[0-9a-f]{32}$/);
    expect(newKey).not.toBe(key);

    const elsewhere = join(c.dir, "etc-like", "other.yaml");
    expect((await runCli(["init", "--config", elsewhere], { cwd: dir })).code).toBe(0);
    expect(loadConfig({ file: elsewhere, env: {} }).api_key).toMatch(/^sk-[0-9a-f]{32}$/);
  });
});

describe("sandkasten with no command", () => {
  test.each([[[]], [["--config", "sandkasten.yaml"]]])(
    "sandkasten %j serves like serve, and SIGTERM ends it with exit code 0",
    async (args) => {
      const c = track(daemonConfig());
      const child = spawnCli(args, { cwd: c.dir });
      const out = collect(child);
      try {
        const url = await untilListening(child, out);
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
      } finally {
        child.kill("SIGTERM");
      }
      const r = await out.exited;
      expect(r.code, r.stderr).toBe(0);
    },
  );
});

describe("sandkasten daemon -d, logs, stop", () => {
  test("daemon -d returns once the daemon answers, with its URL; the pid and log are in the data dir", async () => {
    const c = track(daemonConfig());
    const started = await runCli(["daemon", "-d"], { cwd: c.dir });
    expect(started.code, started.stderr).toBe(0);
    const url = /^ {2}url: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(started.stdout)?.[1];
    expect(url, started.stdout).toBeDefined();
    expect(started.stdout).toContain(`log: ${join(c.dataDir, "daemon.log")}`);
    const pid = pidIn(c);
    expect(pid).toBeDefined();
    expect(isAlive(pid ?? 0)).toBe(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const twice = await runCli(["daemon", "-d"], { cwd: c.dir });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`a daemon is already running (pid ${pid}`);

    const log = await runCli(["logs"], { cwd: c.dir });
    expect(log.code).toBe(0);
    const lines = jsonLines(log.stdout);
    expect(lines.map((l) => l.msg)).toContain(`sandkasten listening on ${url}`);
    const last = await runCli(["logs", "-n", "1"], { cwd: c.dir });
    expect(jsonLines(last.stdout)).toHaveLength(1);
    // The file's last line then (the daemon may have logged one more since).
    const file = readFileSync(join(c.dataDir, "daemon.log"), "utf8").trimEnd().split("\n");
    expect(file.slice(-2)).toContain(last.stdout.trimEnd());
  });

  test("logs -f prints what the daemon logs next; stop ends only that pid and waits for it", async () => {
    const c = track(daemonConfig());
    expect((await runCli(["daemon", "-d"], { cwd: c.dir })).code).toBe(0);
    const pid = pidIn(c) ?? 0;
    const follow = spawnCli(["logs", "-f", "-n", "1"], { cwd: c.dir });
    const followed = collect(follow);
    try {
      await waitFor(() => followed.stdout().includes("\n"), "the last line");
      const stopped = await runCli(["stop"], { cwd: c.dir });
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stdout).toBe(`stopped the daemon (pid ${pid})\n`);
      // It waited: the process is gone when stop returns, and so is its pid file.
      expect(isAlive(pid)).toBe(false);
      expect(existsSync(join(c.dataDir, "daemon.pid"))).toBe(false);
      await waitFor(() => followed.stdout().includes('"msg":"stopping"'), "the stopping line");
      expect(jsonLines(followed.stdout()).map((l) => l.msg)).toContain("stopping");
    } finally {
      follow.kill();
    }

    const again = await runCli(["stop"], { cwd: c.dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no daemon pid file at ${join(c.dataDir, "daemon.pid")}`);
  });

  test("stop with a stale pid file signals nobody and removes the file", async () => {
    const c = track(daemonConfig());
    const gone = spawn("true");
    await once(gone, "exit");
    mkdirSync(c.dataDir, { recursive: true });
    writeFileSync(join(c.dataDir, "daemon.pid"), `${gone.pid}\n`);
    const r = await runCli(["stop"], { cwd: c.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the daemon (pid ${gone.pid}) is not running; removed the stale`);
    expect(existsSync(join(c.dataDir, "daemon.pid"))).toBe(false);
  });

  test("daemon -d reports a daemon that fails at start-up with the end of its log, and leaves no pid file", async () => {
    const blocker = net.createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    try {
      const { port } = blocker.address() as net.AddressInfo;
      const c = track(daemonConfig({ listen: `127.0.0.1:${port}` }));
      const r = await runCli(["daemon", "-d"], { cwd: c.dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("the daemon exited during start-up");
      expect(r.stderr).toContain("EADDRINUSE");
      expect(existsSync(join(c.dataDir, "daemon.pid"))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  test("logs without a log file says where it looked", async () => {
    const c = track(daemonConfig());
    const r = await runCli(["logs"], { cwd: c.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no daemon log at ${join(c.dataDir, "daemon.log")}`);
  });
});
