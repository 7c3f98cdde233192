import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ImageInspectInfo } from "dockerode";
import type { Config } from "../config/load.js";
import { sessionContainerSpec } from "../docker/container-spec.js";
import { demuxLogs } from "../docker/demux-logs.js";
import { type DockerClient, isNotFound } from "../docker/docker-client.js";
import { LABEL_KIND } from "../docker/labels.js";
import { imageReference } from "../sessions/images.js";
import { findRunnerFiles } from "../sessions/runner-files.js";
import { loadCliConfig } from "./config-file.js";
import { cliDocker } from "./engine.js";
import { inContainer, stageRunnerFiles } from "./in-container.js";
import { type CheckResult, printChecks } from "./report.js";
import { formatBytes } from "./table.js";

/**
 * Run inside the image by the runner's own Node, as the runner runs: is
 * glibc there (Node starts at all), does /bin/bash run, is there a user
 * with uid 1000 for the shell.
 */
const PROBE = `
const cp = require("node:child_process"), fs = require("node:fs");
const r = { node: process.version, glibc: process.report.getReport().header.glibcVersionRuntime || "" };
try { r.bash = cp.execFileSync("/bin/bash", ["-c", "echo $BASH_VERSION"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim(); }
catch (e) { r.bashError = String(e.message).split("\\n")[0]; }
try { const u = fs.readFileSync("/etc/passwd", "utf8").split("\\n").map((l) => l.split(":")).find((f) => f[2] === "1000"); r.user = u ? u[0] : ""; }
catch { r.user = ""; }
process.stdout.write("SANDKASTEN-PROBE " + JSON.stringify(r) + "\\n");
`;

interface Probe {
  node: string;
  glibc: string;
  bash?: string;
  bashError?: string;
  user: string;
}

const HOST_ARCH: Record<string, string> = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm",
  ppc64: "ppc64le",
  s390x: "s390x",
};

/**
 * `sandkasten images validate`: whether each image can run sessions: it is
 * on this machine for this platform, the injected runner's Node starts in it
 * (glibc), /bin/bash runs, and it is allowed by the config. The probe runs
 * in a container set up exactly like a session's.
 */
export async function validateImages(
  configFile: string | undefined,
  names: string[],
): Promise<number> {
  const config = loadCliConfig(configFile);
  const docker = cliDocker(config);
  let failed = 0;
  for (const name of names) {
    const ref = imageReference(name);
    process.stdout.write(`${ref}\n`);
    const results = await validateImage(docker, config, ref);
    if (!printChecks(results, "  ")) failed++;
  }
  return failed === 0 ? 0 : 1;
}

async function validateImage(
  docker: DockerClient,
  config: Config,
  ref: string,
): Promise<CheckResult[]> {
  let image: ImageInspectInfo;
  try {
    image = await docker.call("image inspect", (api) => api.getImage(ref).inspect());
  } catch (err) {
    const message = isNotFound(err) ? "not on this machine" : (err as Error).message;
    return [
      {
        name: "present",
        status: "fail",
        detail: message,
        fix: "build it (sandkasten images build) or docker load/pull it",
      },
    ];
  }
  const results: CheckResult[] = [];
  const platform = `${image.Os}/${image.Architecture}`;
  const hostArch = HOST_ARCH[process.arch] ?? process.arch;
  results.push({
    name: "present",
    status: image.Os === "linux" && image.Architecture === hostArch ? "pass" : "fail",
    detail: `${image.Id.replace(/^sha256:/, "").slice(0, 12)}, ${platform}, ${formatBytes(image.Size)}`,
    fix: `the runner needs a linux/${hostArch} image`,
  });
  const probe = await runProbe(docker, config, ref);
  if (probe.result === undefined) {
    results.push({
      name: "glibc",
      status: "fail",
      detail: `the runner's Node does not start in it: ${probe.output.trim().split("\n").at(-1) ?? "no output"}`,
      fix: "use a glibc-based image (Debian, Ubuntu, Fedora…; not Alpine/musl), see docs/images.md",
    });
    return [...results, allowedCheck(config, ref)];
  }
  const r = probe.result;
  results.push({
    name: "glibc",
    status: "pass",
    detail: `the runner's Node ${r.node} starts${r.glibc ? ` (glibc ${r.glibc})` : ""}`,
  });
  results.push(
    r.bash
      ? { name: "bash", status: "pass", detail: `/bin/bash ${r.bash}` }
      : {
          name: "bash",
          status: "fail",
          detail: `/bin/bash does not run: ${r.bashError ?? "no output"}`,
          fix: "install bash in the image (the session's shell is /bin/bash)",
        },
  );
  results.push(
    r.user
      ? { name: "sandbox user", status: "pass", detail: `uid 1000 is ${r.user}` }
      : {
          name: "sandbox user",
          status: "warn",
          detail: "no user with uid 1000: the shell runs as a nameless uid 1000",
          fix: "add one (useradd -u 1000 -m sandbox), as sandbox-runtime:base does",
        },
  );
  return [...results, allowedCheck(config, ref)];
}

function allowedCheck(config: Config, ref: string): CheckResult {
  return config.allowed_images.includes(ref)
    ? { name: "allowed", status: "pass", detail: "in allowed_images" }
    : {
        name: "allowed",
        status: "warn",
        detail: "not in allowed_images: sessions cannot use it yet",
        fix: `add "${ref}" to allowed_images in the config`,
      };
}

/** Runs PROBE in a container made from the session spec; its parsed answer, or all it printed. */
async function runProbe(
  docker: DockerClient,
  config: Config,
  image: string,
): Promise<{ result?: Probe; output: string }> {
  // In the daemon's container, only data_dir is where the host's engine looks.
  const runner = inContainer() ? stageRunnerFiles(config.data_dir) : findRunnerFiles();
  const socketDir = mkdtempSync(join(inContainer() ? config.data_dir : tmpdir(), "skt-probe-"));
  const id = `probe${randomBytes(6).toString("hex")}`;
  const spec = sessionContainerSpec({
    instance: config.instance,
    sessionId: id,
    image,
    env: {},
    cpuLimit: Math.min(1, config.defaults.cpu_limit),
    memLimitMb: config.defaults.mem_limit_mb,
    pidsLimit: config.defaults.pids_limit,
    networkMode: "none",
    readonlyRootfs: config.defaults.readonly_rootfs,
    socketDir,
    runnerNode: runner.node,
    runnerBundle: runner.bundle,
    runnerPtyhost: runner.ptyhost,
    workspace: { Type: "tmpfs", Source: "", Target: "/workspace" },
  });
  // Not a session: no daemon adopts or removes it; this command removes it.
  spec.name = `sandkasten-image-check-${id}`;
  spec.Labels = { [LABEL_KIND]: "image-check" };
  spec.Cmd = [spec.Cmd?.[0] ?? "/opt/sandkasten/node", "-e", PROBE];
  const container = await docker.call("container create", (api) => api.createContainer(spec));
  try {
    await docker.call("container start", () => container.start());
    await docker.call("container wait", () => container.wait());
    const logs = await docker.call("container logs", () =>
      container.logs({ stdout: true, stderr: true, follow: false }),
    );
    const output = demuxLogs(logs as Buffer);
    const line = output.split("\n").find((l) => l.startsWith("SANDKASTEN-PROBE "));
    if (line === undefined) return { output };
    return { result: JSON.parse(line.slice("SANDKASTEN-PROBE ".length)) as Probe, output };
  } catch (err) {
    return { output: (err as Error).message };
  } finally {
    await docker
      .call("container remove", () => container.remove({ force: true, v: true }))
      .catch(() => {});
    rmSync(socketDir, { recursive: true, force: true });
  }
}
