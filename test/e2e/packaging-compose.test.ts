import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { CLI } from "../support/cli.js";
import { testInstance } from "../support/test-daemon.js";
import {
  freePort,
  healthy,
  poolReady,
  REPO,
  rest,
  run,
  scriptLib,
  waitUntil,
} from "./packaging-support.js";

// compose.yaml as users start it, with the image `sandkasten images build daemon`
// makes from this checkout: its own project name, port, data directory and
// instance, so it meets no other daemon on this engine. The data directory is
// made a shared mount first, as compose.yaml's rshared mount needs on a host
// whose / is private (this one's is).

const IMAGE = "sandkasten/daemon:latest";
const instance = `${testInstance()}-compose`;
const project = `skc${randomBytes(4).toString("hex")}`;
const apiKey = `sk-${randomBytes(16).toString("hex")}`;
// Short: unix socket paths under it must stay below 108 bytes.
const dataDir = mkdtempSync("/tmp/skc-");
const configDir = mkdtempSync("/tmp/skc-config-");
let compose: string[] = [];
let env: NodeJS.ProcessEnv = {};
let base = "";
let up = false;

const docker = (...args: string[]) => run("docker", args);
const lines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");
const ourContainers = async () =>
  lines((await docker("ps", "-aq", "--filter", `label=sandkasten.instance=${instance}`)).stdout);
const mountsUnder = (dir: string) =>
  readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((l) => l.split(" ")[4] ?? "")
    .filter((p) => p === dir || p.startsWith(`${dir}/`));

beforeAll(async () => {
  await scriptLib("ensure_compose");
  compose = (await scriptLib("compose_command")).stdout.trim().split("\n").pop()?.split(" ") ?? [];
  // Skipped in a moment when the image's inputs are unchanged (its build hash).
  await run(process.execPath, [CLI, "images", "build", "daemon"]);
  await run("mount", ["--bind", dataDir, dataDir]);
  await run("mount", ["--make-shared", dataDir]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The image's own config, with a smaller pool of the smallest image.
  const config = join(configDir, "sandkasten.yaml");
  const settings = parse(readFileSync(join(REPO, "deploy/sandkasten.yaml"), "utf8"));
  settings.pool.images = { "sandbox-runtime:base": 1 };
  writeFileSync(config, stringify(settings));
  env = {
    ...process.env,
    SANDKASTEN_API_KEY: apiKey,
    SANDKASTEN_DATA_DIR: dataDir,
    SANDKASTEN_PORT: String(port),
    SANDKASTEN_CONFIG: config,
    SANDKASTEN_INSTANCE: instance,
  };
}, 600_000);

afterAll(async () => {
  if (up) await composeRun("down").catch(() => {});
  // Only what this file's daemon made (its instance label).
  for (const id of await ourContainers()) await docker("rm", "-f", "-v", id).catch(() => {});
  for (const point of mountsUnder(dataDir).reverse()) {
    await run("umount", ["-l", point], { allowFailure: true });
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
}, 120_000);

function composeRun(...args: string[]) {
  const [command = "docker", ...first] = compose;
  return run(command, [...first, "-f", join(REPO, "compose.yaml"), "-p", project, ...args], {
    env,
  });
}

test("docker compose up serves the API from the local image; down removes everything", async () => {
  await composeRun("up", "-d");
  up = true;
  const daemonContainer = lines((await composeRun("ps", "-q")).stdout);
  expect(daemonContainer).toHaveLength(1);
  const [id = ""] = daemonContainer;
  const imageOf = (ref: string) => docker("inspect", "-f", "{{.Image}}", ref);
  const localImage = (await docker("image", "inspect", "-f", "{{.Id}}", IMAGE)).stdout.trim();
  expect((await imageOf(id)).stdout.trim()).toBe(localImage);

  if (!(await waitUntil(() => healthy(base), 60_000))) {
    throw new Error(`no /healthz from the container:\n${(await composeRun("logs")).stdout}`);
  }
  // The image's own health check command, run where Docker runs it.
  const check = JSON.parse(
    (await docker("inspect", "-f", "{{json .Config.Healthcheck}}", id)).stdout,
  );
  expect(check.Test[0]).toBe("CMD");
  await docker("exec", id, ...check.Test.slice(1));
  // The CLI inside: its checks, and an image probe started through the host's engine.
  const doctor = await run("docker", ["exec", id, "sandkasten", "doctor"], { allowFailure: true });
  expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
  const validated = await run(
    "docker",
    ["exec", id, "sandkasten", "images", "validate", "sandbox-runtime:base"],
    {
      allowFailure: true,
    },
  );
  expect(validated.code, validated.stdout + validated.stderr).toBe(0);

  // A pooled session with a workspace: the pool's binds, made inside the
  // container, reach the ready container through the host's engine.
  expect(
    await waitUntil(
      async () => (await poolReady(base, apiKey, "sandbox-runtime:base")) >= 1,
      60_000,
    ),
  ).toBe(true);
  const created = await rest(base, apiKey, "POST", "/v1/sessions", {
    image: "base",
    workspace_id: "compose-ws",
  });
  expect(created.status).toBe(201);
  expect(created.json.acquire_source).toBe("pool");
  const session = created.json.id as string;
  const exec = await rest(base, apiKey, "POST", `/v1/sessions/${session}/exec`, {
    cmd: "echo from compose > /workspace/hello.txt && id -u && cat /workspace/hello.txt",
  });
  expect(exec.json).toMatchObject({ exit_code: 0, output: "1000\nfrom compose\n" });
  // On the host, in the data directory at the path the container uses.
  expect(readFileSync(join(dataDir, "workspaces/compose-ws/hello.txt"), "utf8")).toBe(
    "from compose\n",
  );
  // The session-less workspace API (the workspace file helper in the container).
  const read = await rest(base, apiKey, "GET", "/v1/workspaces/compose-ws/fs/read?path=hello.txt");
  expect(read.json.text).toBe("from compose\n");
  expect((await rest(base, apiKey, "DELETE", `/v1/sessions/${session}`)).json).toEqual({
    ok: true,
  });

  await composeRun("down");
  up = false;
  expect(
    lines(
      (await docker("ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`)).stdout,
    ),
  ).toEqual([]);
  expect(
    (await docker("network", "ls", "-q", "--filter", `name=${project}_default`)).stdout.trim(),
  ).toBe("");
  // The ready container and its host mounts went with the daemon; the workspace stays.
  expect(await ourContainers()).toEqual([]);
  expect(mountsUnder(dataDir)).toEqual([dataDir]);
  expect(readFileSync(join(dataDir, "workspaces/compose-ws/hello.txt"), "utf8")).toBe(
    "from compose\n",
  );
}, 300_000);

test("the image refuses to start, naming the fix, without the host's data directory and socket", async () => {
  const plain = mkdtempSync("/tmp/skc-plain-");
  try {
    // A bind that is not shared, no socket, no CAP_SYS_ADMIN, the image's pool config.
    const refused = await run(
      "docker",
      [
        "run",
        "--rm",
        "-e",
        `SANDKASTEN_API_KEY=${apiKey}`,
        "-e",
        `SANDKASTEN_DATA_DIR=${plain}`,
        "-v",
        `${plain}:${plain}`,
        IMAGE,
      ],
      { allowFailure: true },
    );
    expect(refused.code).toBe(1);
    const messages = lines(refused.stderr).map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual([
      expect.stringContaining("no engine socket at /var/run/docker.sock"),
      expect.stringContaining(
        `${plain} must be mounted with shared propagation (-v ${plain}:${plain}:rshared`,
      ),
      expect.stringContaining("the pool's mounts need CAP_SYS_ADMIN"),
    ]);
    const unmounted = await run(
      "docker",
      [
        "run",
        "--rm",
        "-e",
        `SANDKASTEN_API_KEY=${apiKey}`,
        "-v",
        "/var/run/docker.sock:/var/run/docker.sock",
        IMAGE,
      ],
      { allowFailure: true },
    );
    expect(unmounted.code).toBe(1);
    expect(unmounted.stderr).toContain(
      "data_dir /var/lib/sandkasten is in the container's own file system",
    );
  } finally {
    rmSync(plain, { recursive: true, force: true });
  }
}, 120_000);
