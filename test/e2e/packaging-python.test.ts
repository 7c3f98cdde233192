import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { REPO, run, scriptLib, VENV_PYTHON } from "./packaging-support.js";

// sdk/python through `python -m build` (PyPA build, the hatchling backend of its
// pyproject.toml): an sdist, and a wheel built from that sdist. The wheel goes
// into a fresh venv (its dependencies from PyPI) and a script there drives a
// real daemon, importing the installed package rather than the checkout.

const dir = mkdtempSync(join(tmpdir(), "sk-py-"));
let daemon: TestDaemon | undefined;

beforeAll(async () => {
  await scriptLib("ensure_python_build");
  daemon = await startTestDaemon();
}, 600_000);

afterAll(async () => {
  await daemon?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("python -m build makes an sdist and a wheel that installs into a fresh venv and runs a session", async () => {
  if (!daemon) throw new Error("the daemon did not start");
  const out = join(dir, "dist");
  // No build environment fetched each time: build and hatchling are in .tools/venv.
  await run(VENV_PYTHON, ["-m", "build", "--no-isolation", "--outdir", out, "sdk/python"], {
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  const built = readdirSync(out).sort();
  const pyproject = readFileSync(join(REPO, "sdk/python/pyproject.toml"), "utf8");
  const version = /^version = "(.+)"$/m.exec(pyproject)?.[1];
  expect(built).toEqual([`sandkasten-${version}-py3-none-any.whl`, `sandkasten-${version}.tar.gz`]);
  const sdist = (await run("tar", ["-tzf", join(out, `sandkasten-${version}.tar.gz`)])).stdout;
  expect(sdist).toContain(`sandkasten-${version}/gen/sandkasten/v1/`);
  expect(sdist).toContain(`sandkasten-${version}/README.md`);
  const wheel = join(out, `sandkasten-${version}-py3-none-any.whl`);
  const listing = (await run(VENV_PYTHON, ["-m", "zipfile", "-l", wheel])).stdout;
  // gen/ merged into the package: sandkasten/v1 beside the hand-written modules.
  expect(listing).toMatch(/sandkasten\/v1\/session_pb2\.py/);
  expect(listing).toMatch(/sandkasten\/client\.py/);
  expect(listing).toMatch(/buf\/validate\/validate_pb2\.py/);

  const venv = join(dir, "venv");
  await run(VENV_PYTHON, ["-m", "venv", venv]);
  await run(join(venv, "bin/python"), [
    "-m",
    "pip",
    "--disable-pip-version-check",
    "install",
    "--quiet",
    wheel,
  ]);
  writeFileSync(
    join(dir, "use_it.py"),
    `import asyncio, json, os, sandkasten
from sandkasten import SandboxClient

async def main() -> None:
    async with SandboxClient(base_url=os.environ["SK_URL"], api_key=os.environ["SK_KEY"]) as client:
        async with await client.create_session(image="base") as session:
            result = await session.exec("echo from the wheel; pwd")
            print(json.dumps({"output": result.output, "exit_code": result.exit_code, "module": sandkasten.__file__}))

asyncio.run(main())
`,
  );
  const ran = await run(join(venv, "bin/python"), [join(dir, "use_it.py")], {
    cwd: dir,
    env: {
      ...process.env,
      SK_URL: daemon.url,
      SK_KEY: daemon.apiKey,
      PYTHONDONTWRITEBYTECODE: "1",
    },
  });
  const answer = JSON.parse(ran.stdout.trim().split("\n").pop() ?? "");
  expect(answer).toMatchObject({ output: "from the wheel\n/workspace\n", exit_code: 0 });
  expect(answer.module).toMatch(
    new RegExp(`^${venv}/lib/python3\\.\\d+/site-packages/sandkasten/__init__\\.py$`),
  );
}, 300_000);
