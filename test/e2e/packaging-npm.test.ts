import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { stringify } from "yaml";
import { cleanEnv } from "../support/cli.js";
import { startTestDaemon, type TestDaemon, testInstance } from "../support/test-daemon.js";
import { freePort, healthy, REPO, rest, run, waitUntil } from "./packaging-support.js";

// The CLI package (scripts/cli-package.mjs, what build.mjs writes to dist/npm)
// and @sandkasten/client, each through `npm pack`, installed from the tarball
// into an empty project by npm (their dependencies from the registry), and used
// from there: the installed CLI runs a daemon of its own, a TypeScript script
// drives a test daemon through the installed client.

const dir = mkdtempSync(join(tmpdir(), "sk-npm-"));
// Short: unix socket paths under it must stay below 108 bytes.
const dataDir = mkdtempSync("/tmp/sk-npm-data-");
// Node 24 first, for npm, npx and the CLI's `#!/usr/bin/env node`.
const env = cleanEnv({ PATH: `${dirname(process.execPath)}:${process.env.PATH}` });
let installedDaemon: ChildProcess | undefined;
let testDaemon: TestDaemon | undefined;

const npm = (args: string[], cwd: string) =>
  run("npm", ["--no-audit", "--no-fund", ...args], { cwd, env });

/** `npm pack` of the package in `packageDir` into `dir`; the tarball's path and file list. */
async function pack(packageDir: string): Promise<{ tarball: string; files: string[] }> {
  const { stdout } = await npm(["pack", packageDir, "--pack-destination", dir, "--json"], dir);
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack answered ${stdout}`);
  return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/** An empty project with `tarball` installed by npm. */
async function installInto(name: string, tarball: string): Promise<string> {
  const project = join(dir, name);
  await run("mkdir", ["-p", project]);
  writeFileSync(
    join(project, "package.json"),
    `{ "name": "${name}", "private": true, "type": "module" }\n`,
  );
  await npm(["install", "--prefer-offline", tarball], project);
  return project;
}

beforeAll(async () => {
  testDaemon = await startTestDaemon();
});

afterAll(async () => {
  if (installedDaemon?.exitCode === null) {
    const exited = new Promise((done) => installedDaemon?.once("exit", done));
    installedDaemon.kill("SIGTERM");
    await exited;
  }
  await testDaemon?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

test("the packed CLI installs into an empty project, and its daemon runs sessions", async () => {
  await run(process.execPath, [join(REPO, "scripts/cli-package.mjs"), "--out", join(dir, "cli")]);
  const { tarball, files } = await pack(join(dir, "cli"));
  expect(files).toEqual(
    expect.arrayContaining([
      "package.json",
      "README.md",
      "bin/sandkasten.js",
      "dist/sandkasten.mjs",
      "dist/runner.mjs",
      "dist/wsfs",
      "dist/ptyhost",
      "web/dist/index.html",
      "src/docker/seccomp-strict.json",
      "images/build.sh",
      "images/base/Dockerfile",
      "scripts/lib/common.sh",
    ]),
  );
  expect(files.filter((f) => f.endsWith(".map") || f.startsWith("node_modules/"))).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(dir, "cli/package.json"), "utf8"));
  expect(manifest.private).toBeUndefined();
  expect(manifest.devDependencies).toBeUndefined();

  const project = await installInto("cli-app", tarball);
  const version = await run("npx", ["--no-install", "sandkasten", "--version"], {
    cwd: project,
    env,
  });
  expect(version.stdout).toBe(
    `sandkasten ${JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version} (node ${process.version})\n`,
  );

  // Its images/build.sh finds what it builds from in the package (the same
  // inputs as the checkout's, so nothing is built).
  const images = await run("npx", ["--no-install", "sandkasten", "images", "build", "base"], {
    cwd: project,
    env,
  });
  expect(images.stderr).toMatch(/step image sandbox-runtime:base: up to date/);

  // The installed package's own daemon: its runner, helpers and dashboard.
  const apiKey = `sk-${randomBytes(16).toString("hex")}`;
  const port = await freePort();
  const config = join(dir, "cli-app/sandkasten.yaml");
  writeFileSync(
    config,
    stringify({
      listen: `127.0.0.1:${port}`,
      api_key: apiKey,
      data_dir: dataDir,
      instance: `${testInstance()}-npm`,
      workspace: { driver: "directory" },
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  installedDaemon = spawn(
    join(project, "node_modules/.bin/sandkasten"),
    ["serve", "--config", config],
    {
      cwd: project,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  installedDaemon.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  if (!(await waitUntil(() => healthy(base), 30_000))) throw new Error(`no /healthz:\n${log}`);
  const dashboard = await fetch(`${base}/`);
  expect(dashboard.status).toBe(200);
  expect(await dashboard.text()).toContain("<html");
  const created = await rest(base, apiKey, "POST", "/v1/sessions", {
    image: "base",
    workspace_id: "npm-ws",
  });
  expect(created.status).toBe(201);
  const session = created.json.id as string;
  const exec = await rest(base, apiKey, "POST", `/v1/sessions/${session}/exec`, {
    cmd: "echo from the package > /workspace/a.txt && cat /workspace/a.txt",
  });
  expect(exec.json).toMatchObject({ exit_code: 0, output: "from the package\n" });
  const read = await rest(base, apiKey, "GET", "/v1/workspaces/npm-ws/fs/read?path=a.txt");
  expect(read.json.text).toBe("from the package\n");
  const ps = await run(
    "npx",
    ["--no-install", "sandkasten", "ps", "--url", base, "--api-key", apiKey],
    { cwd: project, env },
  );
  expect(ps.stdout).toContain(session);
  expect((await rest(base, apiKey, "DELETE", `/v1/sessions/${session}`)).json).toEqual({
    ok: true,
  });
}, 240_000);

test("the packed @sandkasten/client installs into an empty project and drives a daemon from TypeScript", async () => {
  if (!testDaemon) throw new Error("the test daemon did not start");
  await run(process.execPath, [
    join(REPO, "sdk/typescript/scripts/build.mjs"),
    "--out",
    join(dir, "client"),
  ]);
  const { tarball, files } = await pack(join(dir, "client"));
  expect(files).toEqual(
    expect.arrayContaining(["package.json", "README.md", "index.js", "index.d.ts"]),
  );
  expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);

  const project = await installInto("ts-app", tarball);
  writeFileSync(
    join(project, "main.ts"),
    `import { SandboxClient, type ExecResult } from "@sandkasten/client";

const client = new SandboxClient({ baseUrl: process.env.SK_URL ?? "", apiKey: process.env.SK_KEY });
const session = await client.createSession({ image: "base" });
try {
  const result: ExecResult = await session.exec("echo from the packed client; pwd");
  console.log(JSON.stringify({
    output: result.output,
    exitCode: result.exitCode,
    resolved: import.meta.resolve("@sandkasten/client"),
  }));
} finally {
  await session.destroy();
  client.close();
}
`,
  );
  // Node 24 runs TypeScript by stripping its types.
  const ran = await run(process.execPath, ["--disable-warning=ExperimentalWarning", "main.ts"], {
    cwd: project,
    env: { ...env, SK_URL: testDaemon.url, SK_KEY: testDaemon.apiKey },
  });
  expect(JSON.parse(ran.stdout)).toEqual({
    output: "from the packed client\n/workspace\n",
    exitCode: 0,
    resolved: `file://${project}/node_modules/@sandkasten/client/index.js`,
  });
}, 180_000);
