import { lstatSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { MountSettings } from "dockerode";
import type { Config } from "../config/load.js";
import { type CgroupStats, readCgroupStats } from "../docker/cgroup-stats.js";
import { sessionContainerSpec } from "../docker/container-spec.js";
import { demuxLogs } from "../docker/demux-logs.js";
import { type DockerClient, isNotFound } from "../docker/docker-client.js";
import type { EgressAttachment } from "../egress/session-egress.js";
import { DomainError } from "../errors/domain-error.js";
import type { Limits } from "./limits.js";
import type { RunnerFiles } from "./runner-files.js";

export const RUNNER_READY_TIMEOUT_MS = 20_000;

export type SessionStats = CgroupStats;

/** A session's container on the engine: start it, wait for its runner, look at it, remove it. */
export class SessionContainers {
  constructor(
    private readonly config: Config,
    private readonly docker: DockerClient,
    private readonly runnerFiles: RunnerFiles,
  ) {}

  async startContainer(
    id: string,
    image: string,
    env: Record<string, string>,
    limits: Limits,
    socketDir: string,
    workspace: MountSettings | undefined,
    deferShell = false,
    egress?: EgressAttachment,
  ): Promise<string> {
    const spec = sessionContainerSpec({
      instance: this.config.instance,
      sessionId: id,
      image,
      env: egress ? { ...env, ...egress.env } : env,
      ...limits,
      networkMode: egress?.networkName ?? this.config.defaults.network_mode,
      ...(egress ? { dns: egress.dns } : {}),
      readonlyRootfs: this.config.defaults.readonly_rootfs,
      execMode: this.config.defaults.exec_mode,
      shellPrefer: this.config.defaults.shell_prefer,
      seccomp: this.config.security.seccomp,
      socketDir,
      runnerNode: this.runnerFiles.node,
      runnerBundle: this.runnerFiles.bundle,
      runnerPtyhost: this.runnerFiles.ptyhost,
      runnerWatcher: this.runnerFiles.watcher,
      workspace,
      deferShell,
    });
    const container = await this.docker.call("container create", async (api) => {
      try {
        return await api.createContainer(spec);
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) {
          throw new DomainError(
            "failed_precondition",
            `image ${image} is not on this machine: run 'sandkasten images build'`,
          );
        }
        throw err;
      }
    });
    await this.docker.call("container start", () => container.start());
    return container.id;
  }

  async waitForRunner(id: string, socketDir: string, containerId: string): Promise<void> {
    const deadline = Date.now() + RUNNER_READY_TIMEOUT_MS;
    let delay = 2;
    let nextCheck = Date.now() + 500;
    while (socketMissing(socketDir) && Date.now() < deadline) {
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
      if (Date.now() >= nextCheck) {
        nextCheck = Date.now() + 500;
        if (!(await this.containerState(containerId)).running) break;
      }
    }
    if (!socketMissing(socketDir)) return;
    const state = await this.containerState(containerId);
    const logs = await this.containerLogs(containerId);
    throw new DomainError(
      "internal",
      `session ${id}: the runner did not start (container ${state.running ? "running" : `exited with ${state.exitCode}`})${logs ? `: ${logs}` : ""}`,
    );
  }

  async containerState(containerId: string): Promise<{ running: boolean; exitCode: number }> {
    if (!containerId) return { running: false, exitCode: -1 };
    try {
      const info = await this.docker.call("container inspect", (api) =>
        api.getContainer(containerId).inspect(),
      );
      return { running: info.State.Running, exitCode: info.State.ExitCode };
    } catch (err) {
      if (isNotFound(err)) return { running: false, exitCode: -1 };
      throw err;
    }
  }

  async containerLogs(containerId: string): Promise<string> {
    try {
      const buf = (await this.docker.call("container logs", (api) =>
        api.getContainer(containerId).logs({ stdout: true, stderr: true, tail: 5 }),
      )) as unknown as Buffer;
      return demuxLogs(buf).trim().slice(-500);
    } catch {
      return "";
    }
  }

  /** Removes a container by id or name (a create that failed early may have made one); gone is fine. */
  async removeContainer(idOrName: string): Promise<void> {
    try {
      await this.docker.call("container remove", (api) =>
        api.getContainer(idOrName).remove({ force: true, v: true }),
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * Memory (without the page cache), cpu time and processes of a container:
   * from its cgroup files, or from the engine where those can't be found.
   */
  async stats(containerId: string): Promise<SessionStats> {
    const fromCgroup = readCgroupStats(containerId);
    if (fromCgroup) return fromCgroup;
    const s = (await this.docker.call("container stats", (api) =>
      api.getContainer(containerId).stats({ stream: false }),
    )) as unknown as DockerStats;
    const cache =
      s.memory_stats?.stats?.total_inactive_file ?? s.memory_stats?.stats?.inactive_file ?? 0;
    return {
      memoryBytes: BigInt(Math.max(0, (s.memory_stats?.usage ?? 0) - cache)),
      memoryPeakBytes: BigInt(s.memory_stats?.max_usage ?? s.memory_stats?.usage ?? 0),
      memoryLimit: BigInt(s.memory_stats?.limit ?? 0),
      cpuUsageUsec: BigInt(Math.round((s.cpu_stats?.cpu_usage?.total_usage ?? 0) / 1000)),
      pids: s.pids_stats?.current ?? 0,
    };
  }
}

interface DockerStats {
  memory_stats?: {
    usage?: number;
    max_usage?: number;
    limit?: number;
    stats?: { total_inactive_file?: number; inactive_file?: number };
  };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  pids_stats?: { current?: number };
}

function socketMissing(socketDir: string): boolean {
  try {
    return !lstatSync(join(socketDir, "runner.sock")).isSocket();
  } catch {
    return true;
  }
}
