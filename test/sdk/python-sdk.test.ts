import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startWorkspaceDaemon, type WorkspaceDaemon } from "../support/workspace-daemon.js";

/**
 * The Python SDK's pytest suite (sdk/python/tests) against a real daemon
 * started here: every SDK method, the seeds' Python snippets run unchanged,
 * and the OpenAI Agents SDK tools called directly.
 */

const REPO = join(import.meta.dirname, "../..");
const PYTHON = join(REPO, ".tools/venv/bin/python");

interface Run {
  code: number | null;
  output: string;
}

/** Runs a command asynchronously (the daemon shares this event loop), with stdout and stderr as one text. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

let d: WorkspaceDaemon | undefined;

beforeAll(async () => {
  // The venv with the SDK (editable) and its test and agents extras; quick when it is current.
  const setup = await run(
    "bash",
    ["-c", "source scripts/lib/common.sh && source scripts/lib/python.sh && ensure_python_sdk"],
    process.env,
  );
  if (setup.code !== 0 || !existsSync(PYTHON)) {
    throw new Error(`could not make the Python SDK's venv (.tools/venv):\n${setup.output}`);
  }
  // python3 for the seed snippet that runs `python3 hello.py` in the default image. The
  // directory driver keeps this daemon's workspaces (the seeds' "user123-project" among
  // them) apart from other test files' daemons; named volumes are shared by the engine.
  d = await startWorkspaceDaemon({
    default_image: "sandbox-runtime:python",
    workspace: { driver: "directory" },
  });
}, 600_000);

afterAll(async () => {
  await d?.stop();
});

test("the Python SDK's pytest suite passes against the daemon", async () => {
  if (!d) throw new Error("the daemon did not start");
  const { code, output } = await run(PYTHON, ["-m", "pytest", "sdk/python/tests", "-q"], {
    ...process.env,
    SANDKASTEN_URL: d.url,
    SANDKASTEN_API_KEY: d.apiKey,
    // No __pycache__ next to the generated code (npm run check:gen compares that directory).
    PYTHONDONTWRITEBYTECODE: "1",
  });
  if (code !== 0) throw new Error(`pytest failed (exit ${code}):\n${output}`);
  const summary = output.match(/^.*\d+ passed.*$/m)?.[0];
  expect(summary).toBeDefined();
  console.log(`pytest (sdk/python/tests): ${summary}`);
}, 600_000);
