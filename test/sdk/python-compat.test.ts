import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { matchRoute } from "../../src/rest/router.js";
import { restRoutes } from "../../src/rest/routes.js";
import { parseUrl } from "../../src/rest/url.js";
import { startWorkspaceDaemon, type WorkspaceDaemon } from "../support/workspace-daemon.js";

/**
 * Our Python SDK against the published sandkasten 0.3.0 (PyPI, in .tools/venv-sk03):
 * its public API is a superset of 0.3.0's (sdk/python/tests/compat/surface.py and
 * surface_compare.py), and one script of 0.3.0-style calls (compat/scenario.py)
 * passes the same checks with both packages against a real daemon and records the
 * same results. 0.3.0 speaks REST
 * (httpx), ours Connect: the JSON fields and query parameters 0.3.0 sends must be
 * ones its routes declare.
 */

const REPO = join(import.meta.dirname, "../..");
const OURS = join(REPO, ".tools/venv/bin/python");
const THEIRS = join(REPO, ".tools/venv-sk03/bin/python");
const COMPAT = join(REPO, "sdk/python/tests/compat");

interface Run {
  code: number | null;
  /** The signal that ended the process, if one did. */
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a command asynchronously (the daemon shares this event loop), with stdout and stderr as one text. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
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
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

/** The script's last line (its summary); fails with all it printed unless it exited 0. */
async function python(label: string, interpreter: string, args: string[], env = {}) {
  const result = await run(interpreter, args, {
    ...process.env,
    ...env,
    // No __pycache__ beside the SDK's generated code (npm run check:gen compares it).
    PYTHONDONTWRITEBYTECODE: "1",
    // A crash (for one, in a native extension at exit) prints the Python stacks.
    PYTHONFAULTHANDLER: "1",
  });
  if (result.code !== 0) {
    const ended = result.signal ? `signal ${result.signal}` : `exit ${result.code}`;
    throw new Error(`${label} failed (${ended}):\n${result.output}`);
  }
  return result.output.trim().split("\n").at(-1) ?? "";
}

let d: WorkspaceDaemon | undefined;
const scratch = mkdtempSync(join(tmpdir(), "sk-compat-"));
const file = (name: string) => join(scratch, name);

beforeAll(async () => {
  const setup = await run("bash", [
    "-c",
    "source scripts/lib/common.sh && source scripts/lib/python.sh && ensure_python_sdk && ensure_published_python_sdk",
  ]);
  if (setup.code !== 0) throw new Error(`could not make the Python venvs:\n${setup.output}`);
  // As for the SDK's pytest suite: python3 in the default image, and workspaces of
  // this daemon's own (the directory driver).
  d = await startWorkspaceDaemon({
    default_image: "sandbox-runtime:python",
    workspace: { driver: "directory" },
  });
}, 900_000);

afterAll(async () => {
  await d?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test("our SDK's public API is a superset of the published 0.3.0's", async () => {
  const surface = join(COMPAT, "surface.py");
  await python("surface (0.3.0)", THEIRS, [surface, file("surface-0.3.json")]);
  await python("surface (ours)", OURS, [surface, file("surface-ours.json")]);
  const summary = await python("surface_compare", OURS, [
    join(COMPAT, "surface_compare.py"),
    file("surface-0.3.json"),
    file("surface-ours.json"),
  ]);
  expect(summary).toMatch(/: 0 problems/);
  console.log(summary);
}, 120_000);

test("0.3.0-style calls pass the same checks with both packages and give the same results", async () => {
  if (!d) throw new Error("the daemon did not start");
  const scenario = join(COMPAT, "scenario.py");
  const env = { SANDKASTEN_URL: d.url, SANDKASTEN_API_KEY: d.apiKey };
  const theirs = await python(
    "scenario (0.3.0)",
    THEIRS,
    [scenario, "run", "sk03", file("run-0.3.json")],
    env,
  );
  const ours = await python(
    "scenario (ours)",
    OURS,
    [scenario, "run", "ours", file("run-ours.json")],
    env,
  );
  const compared = await python("compare", OURS, [
    scenario,
    "compare",
    file("run-0.3.json"),
    file("run-ours.json"),
  ]);
  expect(theirs).toMatch(/sandkasten 0\.3\.0: \d+ checks passed, 0 failed/);
  expect(ours).toMatch(/: \d+ checks passed, 0 failed/);
  console.log(`${theirs}\n${ours}\n${compared}`);

  // What 0.3.0 sent: every JSON field and query parameter is one its route declares.
  const { wire } = JSON.parse(readFileSync(file("run-0.3.json"), "utf8")) as { wire: Sent[] };
  expect(wire.length).toBeGreaterThan(20);
  const sent = new Map<string, Set<string>>();
  for (const request of wire) {
    const match = matchRoute(restRoutes, request.method, parseUrl(request.path).segments);
    if (match.kind !== "found")
      throw new Error(`0.3.0 called ${request.method} ${request.path}: ${match.kind}`);
    const { route } = match;
    const key = `${route.method} ${route.path}`;
    const names = sent.get(key) ?? new Set<string>();
    sent.set(key, names);
    for (const name of Object.keys(request.query)) {
      expect(route.query ?? [], `${key} ?${name}`).toContain(name);
      names.add(`?${name}`);
    }
    for (const [name, type] of Object.entries(request.json ?? {})) {
      if (route.body !== "any") expect(route.body ?? [], `${key} ${name}`).toContain(name);
      names.add(`${name}: ${type}`);
    }
    for (const [kind, name] of request.multipart ?? []) names.add(`multipart ${kind} ${name}`);
  }
  console.log(
    [...sent]
      .map(([route, names]) => `0.3.0 sends ${route}: ${[...names].join(", ") || "-"}`)
      .join("\n"),
  );
}, 600_000);

interface Sent {
  method: string;
  path: string;
  query: Record<string, string>;
  json?: Record<string, string>;
  multipart?: [string, string][];
}
