import { existsSync } from "node:fs";
import Docker from "dockerode";
import { afterEach, describe, expect, test } from "vitest";
import { type CliConfig, runCli, writeCliConfig } from "../support/cli.js";

/** `sandkasten security`: the host's isolation baseline, as this host and its engine report it. */

const engine = new Docker({ socketPath: "/var/run/docker.sock" });
const CHECKS = [
  "cgroup v2",
  "cgroup controllers",
  "seccomp",
  "user namespaces",
  "apparmor",
  "rootless docker",
];

let config: CliConfig | undefined;
afterEach(() => {
  config?.remove();
  config = undefined;
});

/** The status word of each check in the output, by name; fails when a warning has no fix line. */
function statuses(stdout: string): Map<string, string> {
  const found = new Map<string, string>();
  const lines = stdout.split("\n");
  for (const [i, line] of lines.entries()) {
    const m = /^(pass|warn|FAIL) {2}([a-z0-9 ]+): \S/.exec(line);
    if (!m) continue;
    found.set(m[2] ?? "", m[1] ?? "");
    if (m[1] !== "pass") expect(lines[i + 1], line).toMatch(/^ {6}fix: \S/);
  }
  return found;
}

describe("sandkasten security", () => {
  test("passes or warns, with a fix, for each check, in agreement with the host and the engine", async () => {
    config = writeCliConfig({});
    const r = await runCli(["security"], { cwd: config.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const found = statuses(r.stdout);
    expect([...found.keys()]).toEqual(CHECKS);
    for (const status of found.values()) expect(["pass", "warn"]).toContain(status);

    const info = await engine.info();
    const options: string[] = info.SecurityOptions ?? [];
    const has = (name: string) => options.some((o) => o.split(",")[0] === `name=${name}`);
    const unified = existsSync("/sys/fs/cgroup/cgroup.controllers");
    expect(found.get("cgroup v2")).toBe(
      unified && String(info.CgroupVersion) !== "1" ? "pass" : "warn",
    );
    expect(found.get("rootless docker")).toBe(has("rootless") ? "pass" : "warn");
    const unconfined = options.some(
      (o) => o.startsWith("name=seccomp") && o.includes("profile=unconfined"),
    );
    expect(found.get("seccomp")).toBe(has("seccomp") && !unconfined ? "pass" : "warn");
    expect(found.get("apparmor")).toBe(has("apparmor") || has("selinux") ? "pass" : "warn");
    expect(found.get("user namespaces")).toBe(has("userns") || has("rootless") ? "pass" : "warn");
  });

  test("an engine that does not answer is a failure naming its socket", async () => {
    config = writeCliConfig({
      docker: { socket: "/tmp/skt-no-engine-here.sock", timeout_ms: 2000 },
    });
    const r = await runCli(["security"], { cwd: config.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^FAIL {2}docker engine: not answering at \/tmp\/skt-no-engine-here\.sock: .+\n {6}fix: start dockerd/,
    );
  });
});
