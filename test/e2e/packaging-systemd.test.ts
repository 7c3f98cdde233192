import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { stringify } from "yaml";
import { CLI, cleanEnv } from "../support/cli.js";
import { testInstance } from "../support/test-daemon.js";
import {
  freePort,
  healthy,
  poolReady,
  rest,
  run,
  scriptLib,
  waitUntil,
} from "./packaging-support.js";

// `sandkasten install-service` writes the unit into a directory of the test's
// (--dest); systemd-analyze verify checks it as systemd would load it (this
// machine's PID 1 is not systemd, which verify does not need). Its ExecStart is
// then run as the unit would run it, under its CapabilityBoundingSet and
// NoNewPrivileges (setpriv), to show the hardening leaves the daemon what it
// needs: the engine, workspace files as the sandbox user, the pool's mounts.

const dir = mkdtempSync("/tmp/sksvc-");
const units = join(dir, "units");
const unitFile = join(units, "sandkasten.service");
const config = join(dir, "sandkasten.yaml");
const apiKey = `sk-${randomBytes(16).toString("hex")}`;
let daemon: ChildProcess | undefined;

const cli = (args: string[]) =>
  run(process.execPath, [CLI, ...args], { env: cleanEnv(), allowFailure: true });

beforeAll(async () => {
  await scriptLib("ensure_systemd_analyze");
  const port = await freePort();
  writeFileSync(
    config,
    stringify({
      listen: `127.0.0.1:${port}`,
      api_key: apiKey,
      data_dir: join(dir, "data"),
      instance: `${testInstance()}-svc`,
      workspace: { driver: "directory" },
      pool: { enabled: true, images: { "sandbox-runtime:base": 1 } },
      shutdown_grace_seconds: 20,
    }),
    { mode: 0o600 },
  );
}, 300_000);

afterAll(async () => {
  if (daemon?.exitCode === null) {
    const exited = new Promise((done) => daemon?.once("exit", done));
    daemon.kill("SIGTERM");
    await exited;
  }
  // Never through a bind mount the daemon left (a workspace's files).
  const mounts = readFileSync("/proc/self/mountinfo", "utf8");
  if (mounts.includes(` ${dir}/`)) throw new Error(`mounts left under ${dir}:\n${mounts}`);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** capabilities(7) numbers of the names the unit may list. */
const CAPABILITY_BITS: Record<string, number> = {
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_DAC_READ_SEARCH: 2,
  CAP_FOWNER: 3,
  CAP_KILL: 5,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_NET_BIND_SERVICE: 10,
  CAP_SYS_ADMIN: 21,
};

function capabilityMask(names: string): bigint {
  return names.split(" ").reduce((mask, name) => {
    const bit = CAPABILITY_BITS[name];
    if (bit === undefined) throw new Error(`add ${name} to CAPABILITY_BITS`);
    return mask | (1n << BigInt(bit));
  }, 0n);
}

/** The unit's `Key=value` lines (the last of each key). */
function unitSettings(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (m) settings.set(m[1] ?? "", m[2] ?? "");
  }
  return settings;
}

test("install-service writes a unit that systemd-analyze verify accepts without a word", async () => {
  const installed = await cli(["install-service", "--config", config, "--dest", units]);
  expect(installed.code).toBe(0);
  expect(installed.stdout).toContain(`wrote ${unitFile}`);
  expect(statSync(unitFile).mode & 0o777).toBe(0o644);
  const unit = unitSettings(readFileSync(unitFile, "utf8"));
  expect(unit.get("ExecStart")).toBe(`${process.execPath} ${CLI} serve --config ${config}`);
  expect(unit.get("Restart")).toBe("on-failure");
  expect(unit.get("TimeoutStopSec")).toBe("35s");
  expect(unit.get("NoNewPrivileges")).toBe("yes");
  expect(unit.get("WantedBy")).toBe("multi-user.target");
  // Nothing that would put the daemon in a mount namespace of its own.
  for (const key of [
    "ProtectSystem",
    "ProtectHome",
    "PrivateTmp",
    "PrivateDevices",
    "ReadWritePaths",
  ]) {
    expect(unit.has(key)).toBe(false);
  }
  // verify exits 0 even for unknown keys and bad values; it says so on stderr.
  const verified = await run("systemd-analyze", ["verify", unitFile], { allowFailure: true });
  expect(verified).toMatchObject({ code: 0, stdout: "", stderr: "" });
});

test("a config path with a space, a percent sign and a dollar is quoted as systemd reads it", async () => {
  const odd = join(dir, "my conf %i $HOME");
  await run("mkdir", ["-p", odd]);
  writeFileSync(join(odd, "sandkasten.yaml"), readFileSync(config));
  const dest = join(dir, "odd-units");
  expect(
    (await cli(["install-service", "--config", join(odd, "sandkasten.yaml"), "--dest", dest])).code,
  ).toBe(0);
  const file = join(dest, "sandkasten.service");
  const exec = unitSettings(readFileSync(file, "utf8")).get("ExecStart") ?? "";
  expect(exec.endsWith(` serve --config "${dir}/my conf %%i $$HOME/sandkasten.yaml"`)).toBe(true);
  const verified = await run("systemd-analyze", ["verify", file], { allowFailure: true });
  expect(verified).toMatchObject({ code: 0, stderr: "" });
});

test("install-service refuses a missing or broken config and an existing unit without --force", async () => {
  const missing = await cli([
    "install-service",
    "--config",
    join(dir, "nope.yaml"),
    "--dest",
    units,
  ]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain(`sandkasten init --config ${join(dir, "nope.yaml")}`);
  const broken = join(dir, "broken.yaml");
  writeFileSync(broken, "listen: 0.0.0.0:8080\n");
  const refused = await cli(["install-service", "--config", broken, "--dest", join(dir, "other")]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("api_key is empty");
  const again = await cli(["install-service", "--config", config, "--dest", units]);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain(`${unitFile} exists; pass --force`);
  expect(
    (await cli(["install-service", "--config", config, "--dest", units, "--force"])).code,
  ).toBe(0);
});

test("the unit's ExecStart, under its capability bounding set and no_new_privs, runs sessions", async () => {
  const unit = unitSettings(readFileSync(unitFile, "utf8"));
  const caps = (unit.get("CapabilityBoundingSet") ?? "")
    .split(" ")
    .map((c) => `+${c.replace(/^CAP_/, "").toLowerCase()}`);
  const [command = "", ...args] = (unit.get("ExecStart") ?? "").split(" ");
  daemon = spawn(
    "setpriv",
    [`--bounding-set=-all,${caps.join(",")}`, "--no-new-privs", command, ...args],
    { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  daemon.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const base = `http://${/^listen: (.*)$/m.exec(readFileSync(config, "utf8"))?.[1]}`;
  if (!(await waitUntil(() => healthy(base), 30_000))) throw new Error(`no /healthz:\n${log}`);
  const status = readFileSync(`/proc/${daemon.pid}/status`, "utf8");
  expect(/^NoNewPrivs:\s+1$/m.test(status)).toBe(true);
  const bounding = BigInt(`0x${/^CapBnd:\s+(\w+)$/m.exec(status)?.[1]}`);
  expect(bounding).toBe(capabilityMask(unit.get("CapabilityBoundingSet") ?? ""));

  expect(
    await waitUntil(
      async () => (await poolReady(base, apiKey, "sandbox-runtime:base")) >= 1,
      60_000,
    ),
  ).toBe(true);
  const created = await rest(base, apiKey, "POST", "/v1/sessions", {
    image: "base",
    workspace_id: "svc-ws",
  });
  expect(created.json.acquire_source).toBe("pool");
  const session = created.json.id as string;
  const exec = await rest(base, apiKey, "POST", `/v1/sessions/${session}/exec`, {
    cmd: "echo from the service > /workspace/note.txt && cat /workspace/note.txt",
  });
  expect(exec.json).toMatchObject({ exit_code: 0, output: "from the service\n" });
  const read = await rest(base, apiKey, "GET", "/v1/workspaces/svc-ws/fs/read?path=note.txt");
  expect(read.json.text).toBe("from the service\n");
  expect((await rest(base, apiKey, "DELETE", `/v1/sessions/${session}`)).json).toEqual({
    ok: true,
  });
}, 120_000);
