import { spawn } from "node:child_process";
import net from "node:net";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** What the packaging tests share: commands run as a user would, and REST calls. */

export const REPO = resolve(import.meta.dirname, "../..");

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Resolve with a non-zero exit instead of rejecting. */
  allowFailure?: boolean;
}

/** Runs a command to its end without blocking the event loop (a test daemon may share it). */
export function run(command: string, args: string[], o: RunOptions = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: o.cwd ?? REPO,
      env: o.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", fail);
    child.on("close", (code) => {
      if (code !== 0 && !o.allowFailure) {
        fail(new Error(`${command} ${args.join(" ")} exited ${code}:\n${stdout}\n${stderr}`));
      } else {
        done({ code, stdout, stderr });
      }
    });
  });
}

/** Runs bash functions of scripts/lib (ensure_compose, ...) the way npm test's set-up does. */
export function scriptLib(commands: string): Promise<Ran> {
  const libs = ["common", "python", "packaging"].map((l) => `source scripts/lib/${l}.sh`);
  return run("bash", ["-c", [...libs, commands].join(" && ")]);
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = net.createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => done(port));
    });
  });
}

/** A JSON REST call with the API key; the parsed answer and its status. */
export async function rest(
  base: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Polls until `check` is true or `ms` have passed; whether it became true. */
export async function waitUntil(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await sleep(250);
  }
  return false;
}

/** GET /healthz answers 200. */
export function healthy(base: string): Promise<boolean> {
  return fetch(`${base}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
}

/** The pool's ready containers for `image` (GET /v1/pool). */
export async function poolReady(base: string, key: string, image: string): Promise<number> {
  const { json } = await rest(base, key, "GET", "/v1/pool");
  const images = json.images as { image: string; ready: number }[];
  return images.find((i) => i.image === image)?.ready ?? 0;
}

/** The Python of the SDK's venv (.tools/venv), where ensure_python_build puts `build`. */
export const VENV_PYTHON = join(REPO, ".tools/venv/bin/python");
