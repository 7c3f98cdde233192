import { lstatSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Config } from "../config/load.js";
import { DomainError } from "../errors/domain-error.js";
import type { Logger } from "../log.js";
import { socketListens } from "../runner-client/probe-socket.js";
import { type RunnerAddress, unixSocketAddress } from "../runner-client/runner-address.js";
import {
  type ListedSandbox,
  RUNNER_READY_TIMEOUT_MS,
  type Sandbox,
  type SandboxSpec,
  type SandboxState,
  type SandboxStats,
  type SessionRuntime,
  type SweepReport,
} from "../runtime/runtime.js";
import type { RunnerFiles } from "../sessions/runner-files.js";
import {
  poolWorkspaceMount,
  sessionContainerSpec,
  workspaceMountSettings,
} from "./container-spec.js";
import { containerStats } from "./container-stats.js";
import { demuxLogs } from "./demux-logs.js";
import { dirNames } from "./dir-names.js";
import { type DockerClient, isNotFound } from "./docker-client.js";
import { instanceFilter, LABEL_SESSION, LABEL_WORKSPACE } from "./labels.js";
import { PoolMounts } from "./pool-mounts.js";

/**
 * Sessions' sandboxes as containers on the Docker engine. Each has a host
 * directory, `<data_dir>/sessions/<id>`, bound at /run/sandkasten, where its
 * runner listens on a unix socket; a pool container has a host directory at
 * /workspace that a workspace is bound onto when it is taken.
 */
export class DockerRuntime implements SessionRuntime {
  private readonly poolMounts: PoolMounts;

  constructor(
    private readonly config: Config,
    private readonly docker: DockerClient,
    private readonly runnerFiles: RunnerFiles,
    log: Logger,
  ) {
    this.poolMounts = new PoolMounts(config.data_dir, runnerFiles.mounter, log);
  }

  private get socketDirs(): string {
    return join(this.config.data_dir, "sessions");
  }

  sandboxFor(sessionId: string, pooled: boolean): Sandbox {
    return { sessionId, id: "", socketDir: join(this.socketDirs, sessionId), pooled };
  }

  async create(sandbox: Sandbox, s: SandboxSpec): Promise<string> {
    mkdirSync(sandbox.socketDir, { recursive: true, mode: 0o755 });
    if (sandbox.pooled) await this.poolMounts.prepare(sandbox.sessionId);
    const egress = s.egress;
    const spec = sessionContainerSpec({
      instance: this.config.instance,
      sessionId: sandbox.sessionId,
      image: s.image,
      env: egress ? { ...s.env, ...egress.env } : s.env,
      ...s.limits,
      networkMode: egress?.networkName ?? this.config.defaults.network_mode,
      ...(egress ? { dns: egress.dns } : {}),
      readonlyRootfs: this.config.defaults.readonly_rootfs,
      execMode: this.config.defaults.exec_mode,
      shellPrefer: this.config.defaults.shell_prefer,
      seccomp: this.config.security.seccomp,
      socketDir: sandbox.socketDir,
      runnerNode: this.runnerFiles.node,
      runnerBundle: this.runnerFiles.bundle,
      runnerPtyhost: this.runnerFiles.ptyhost,
      runnerWatcher: this.runnerFiles.watcher,
      workspace: sandbox.pooled
        ? poolWorkspaceMount(this.poolMounts.dir(sandbox.sessionId))
        : s.workspace && workspaceMountSettings(s.workspace),
      deferShell: sandbox.pooled,
    });
    const container = await this.docker.call("container create", async (api) => {
      try {
        return await api.createContainer(spec);
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) {
          throw new DomainError(
            "failed_precondition",
            `image ${s.image} is not on this machine: run 'sandkasten images build'`,
          );
        }
        throw err;
      }
    });
    await this.docker.call("container start", () => container.start());
    return container.id;
  }

  async waitForRunner(sandbox: Sandbox): Promise<void> {
    const deadline = Date.now() + RUNNER_READY_TIMEOUT_MS;
    let delay = 2;
    let nextCheck = Date.now() + 500;
    while (socketMissing(sandbox.socketDir) && Date.now() < deadline) {
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
      if (Date.now() >= nextCheck) {
        nextCheck = Date.now() + 500;
        if (!(await this.inspect(sandbox)).running) break;
      }
    }
    if (!socketMissing(sandbox.socketDir)) return;
    const state = await this.inspect(sandbox);
    const logs = await this.containerLogs(sandbox.id);
    throw new DomainError(
      "internal",
      `session ${sandbox.sessionId}: the runner did not start (container ${state.running ? "running" : `exited with ${state.exitCode}`})${logs ? `: ${logs}` : ""}`,
    );
  }

  runnerAddress(sandbox: Sandbox): RunnerAddress {
    return unixSocketAddress(runnerSocket(sandbox.socketDir));
  }

  runnerListens(sandbox: Sandbox): Promise<boolean> {
    return socketListens(runnerSocket(sandbox.socketDir));
  }

  async inspect(sandbox: Sandbox): Promise<SandboxState> {
    if (!sandbox.id) return { running: false, exitCode: -1 };
    try {
      const info = await this.docker.call("container inspect", (api) =>
        api.getContainer(sandbox.id).inspect(),
      );
      return { running: info.State.Running, exitCode: info.State.ExitCode };
    } catch (err) {
      if (isNotFound(err)) return { running: false, exitCode: -1 };
      throw err;
    }
  }

  stats(sandbox: Sandbox): Promise<SandboxStats> {
    return containerStats(this.docker, sandbox.id);
  }

  attachWorkspace(sandbox: Sandbox, hostPath: string): Promise<void> {
    return this.poolMounts.attach(sandbox.sessionId, hostPath);
  }

  /** The container (by name when create never answered) and its volume, pool mounts, socket directory. */
  async destroy(sandbox: Sandbox): Promise<void> {
    await this.remove(sandbox.id || `sandkasten-${sandbox.sessionId}`);
    if (sandbox.pooled) await this.poolMounts.release(sandbox.sessionId);
    this.forget(sandbox);
  }

  forget(sandbox: Sandbox): void {
    rmSync(sandbox.socketDir, { recursive: true, force: true });
  }

  async list(): Promise<ListedSandbox[]> {
    const filters = JSON.stringify(instanceFilter(this.config.instance));
    const containers = await this.docker.call("container list", (api) =>
      api.listContainers({ all: true, filters }),
    );
    return containers.map((c) => ({
      id: c.Id,
      sessionId: c.Labels[LABEL_SESSION] ?? "",
      running: c.State === "running",
    }));
  }

  /** Removes a container by id or name, with its anonymous volume. */
  async remove(idOrName: string): Promise<boolean> {
    try {
      await this.docker.call("container remove", (api) =>
        api.getContainer(idOrName).remove({ force: true, v: true }),
      );
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Session volumes, pool mounts and socket directories of sessions not in `live`. */
  async sweep(live: ReadonlySet<string>): Promise<SweepReport> {
    const report: SweepReport = { removedVolumes: 0, workspaces: [] };
    const filters = JSON.stringify(instanceFilter(this.config.instance));
    const { Volumes } = await this.docker.call("volume list", (api) =>
      api.listVolumes({ filters }),
    );
    for (const v of Volumes ?? []) {
      const workspace = v.Labels?.[LABEL_WORKSPACE];
      const session = v.Labels?.[LABEL_SESSION];
      if (workspace) {
        report.workspaces.push(workspace);
      } else if (session && !live.has(session)) {
        await this.docker
          .call("volume remove", (api) => api.getVolume(v.Name).remove())
          .catch(() => {});
        report.removedVolumes++;
      }
    }
    // Pool containers of an earlier run went with the strangers; their mounts go now.
    await this.poolMounts.releaseAllBut(live);
    for (const name of dirNames(this.socketDirs)) {
      if (!live.has(name)) rmSync(join(this.socketDirs, name), { recursive: true, force: true });
    }
    return report;
  }

  get engineFailureCount(): number {
    return this.docker.failureCount;
  }

  close(): void {
    this.poolMounts.close();
  }

  private async containerLogs(containerId: string): Promise<string> {
    try {
      const buf = (await this.docker.call("container logs", (api) =>
        api.getContainer(containerId).logs({ stdout: true, stderr: true, tail: 5 }),
      )) as unknown as Buffer;
      return demuxLogs(buf).trim().slice(-500);
    } catch {
      return "";
    }
  }
}

function runnerSocket(socketDir: string): string {
  return join(socketDir, "runner.sock");
}

function socketMissing(socketDir: string): boolean {
  try {
    return !lstatSync(runnerSocket(socketDir)).isSocket();
  } catch {
    return true;
  }
}
