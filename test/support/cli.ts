import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { stringify } from "yaml";
import { type TestDaemon, testInstance } from "./test-daemon.js";

/** The built CLI, run as users run it. */
export const CLI = resolve("bin/sandkasten.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Added to the environment (which has no SANDKASTEN_* variables of its own). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** This process's environment without SANDKASTEN_* variables, plus `extra`. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("SANDKASTEN_")),
    ),
    ...extra,
  };
}

let emptyDir: string | undefined;

/** A folder without sandkasten.yaml, for commands that must find no config file. */
function emptyFolder(): string {
  if (emptyDir === undefined) {
    const dir = mkdtempSync("/tmp/skt-cwd-");
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    emptyDir = dir;
  }
  return emptyDir;
}

/** Starts the CLI (in an empty folder unless told); the caller collects and ends it. */
export function spawnCli(args: string[], o: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: o.cwd ?? emptyFolder(),
    env: cleanEnv(o.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** What a running CLI process printed so far, and its end. */
export function collect(child: ChildProcess): {
  stdout(): string;
  stderr(): string;
  exited: Promise<CliResult>;
} {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<CliResult>((done) =>
    child.once("close", (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs the CLI to its end (killed after timeoutMs) and returns what it printed. */
export async function runCli(args: string[], o: RunOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, o);
  const out = collect(child);
  const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 60_000);
  try {
    return await out.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits until a `serve` child printed its "listening" line (or exited);
 * returns the URL that JSON line names ("" when it exited first).
 */
export async function untilListening(
  child: ChildProcess,
  out: { stdout(): string },
): Promise<string> {
  await waitFor(
    () => out.stdout().includes("listening on") || child.exitCode !== null,
    "listening",
  );
  return String(jsonLines(out.stdout())[0]?.url ?? "");
}

/** Waits until `predicate` holds, polling; throws with `what` after timeoutMs. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export interface CliConfig {
  dir: string;
  file: string;
  dataDir: string;
  remove(): void;
}

/**
 * A folder with a sandkasten.yaml (the CLI finds it as ./sandkasten.yaml
 * when run there) holding `settings`; its data_dir is inside the folder.
 */
export function writeCliConfig(settings: Record<string, unknown>): CliConfig {
  // Short path: a daemon's runner socket paths must stay under 108 bytes.
  const dir = mkdtempSync("/tmp/skt-");
  const file = join(dir, "sandkasten.yaml");
  const dataDir = join(dir, "data");
  writeFileSync(file, stringify({ data_dir: dataDir, ...settings }), { mode: 0o600 });
  return { dir, file, dataDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A config that points the CLI at a running test daemon (its address and key). */
export function configFor(d: TestDaemon): CliConfig {
  return writeCliConfig({ listen: d.daemon.address, api_key: d.apiKey });
}

/** A config for a daemon the CLI itself starts: any free port, its own instance and key. */
export function daemonConfig(extra: Record<string, unknown> = {}): CliConfig & { apiKey: string } {
  const apiKey = `sk-test-${randomBytes(12).toString("hex")}`;
  const config = writeCliConfig({
    listen: "127.0.0.1:0",
    api_key: apiKey,
    instance: `${testInstance()}-cli-${randomBytes(3).toString("hex")}`,
    log_level: "info",
    ...extra,
  });
  return { ...config, apiKey };
}

/** The pid in a background daemon's pid file, if any. */
export function pidIn(c: CliConfig): number | undefined {
  const file = join(c.dataDir, "daemon.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Stops a background daemon this test started (by the pid it wrote), if it still runs. */
export async function stopBackgroundDaemon(c: CliConfig): Promise<void> {
  const pid = pidIn(c);
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, "SIGTERM");
  await waitFor(() => !isAlive(pid), `pid ${pid} to exit`, 45_000);
}

/** Every line is a JSON object with time, level and msg; returns them parsed. */
export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
      const o = parsed as Record<string, unknown>;
      if (typeof o.time !== "string" || typeof o.level !== "string" || typeof o.msg !== "string") {
        throw new Error(`a JSON line without time, level and msg: ${line}`);
      }
      return o;
    });
}

/** A loopback URL nothing listens on (a port the system just handed out and took back). */
export async function unusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}`;
}
