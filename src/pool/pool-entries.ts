import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/load.js";
import { poolWorkspaceMount } from "../docker/container-spec.js";
import type { Logger } from "../log.js";
import { RunnerClient } from "../runner-client/runner-client.js";
import { newSessionId } from "../sessions/ids.js";
import { RUNNER_READY_TIMEOUT_MS, type SessionContainers } from "../sessions/session-containers.js";
import { SANDBOX_GID, SANDBOX_UID } from "../workspaces/drivers/driver.js";
import { prepareMountPoint, releaseMountPoint } from "./host-mounts.js";
import { Mounter } from "./mounter.js";
import type { PoolEntry } from "./pool-manager.js";

/** Commands a new pool container runs before it is ready, so its runner's code is warm. */
const WARM_UP_EXECS = 40;

/**
 * The pool's ready containers: made exactly like a session's (same labels,
 * limits, pre-assigned session id) with an empty host directory bound at
 * /workspace, their shell running and warmed up and their runner connected;
 * handed over with a workspace bound onto that directory and the session's
 * variables exported, or discarded with their mounts.
 */
export class PoolEntries {
  private readonly mounter: Mounter;

  constructor(
    private readonly config: Config,
    private readonly containers: SessionContainers,
    private readonly log: Logger,
    mounterBinary: string,
  ) {
    this.mounter = new Mounter(mounterBinary);
  }

  /** Makes one ready container: started, shell running, runner connected and warm. */
  async create(image: string): Promise<PoolEntry> {
    const id = newSessionId();
    const entry: PoolEntry = {
      id,
      image,
      containerId: "",
      socketDir: join(this.config.data_dir, "sessions", id),
      mountDir: this.mountDir(id),
    };
    try {
      mkdirSync(entry.socketDir, { recursive: true, mode: 0o755 });
      await prepareMountPoint(this.mounter, entry.mountDir, SANDBOX_UID, SANDBOX_GID);
      const d = this.config.defaults;
      const limits = { cpuLimit: d.cpu_limit, memLimitMb: d.mem_limit_mb, pidsLimit: d.pids_limit };
      entry.containerId = await this.containers.startContainer(
        id,
        image,
        {},
        limits,
        entry.socketDir,
        poolWorkspaceMount(entry.mountDir),
        true,
      );
      await this.containers.waitForRunner(id, entry.socketDir, entry.containerId);
      entry.runner = new RunnerClient(join(entry.socketDir, "runner.sock"));
      await entry.runner.runner.warm({}, { timeoutMs: RUNNER_READY_TIMEOUT_MS });
      await warmUp(entry.runner);
      return entry;
    } catch (err) {
      await this.discard(entry);
      throw err;
    }
  }

  /**
   * Gives a ready container its workspace (bound onto its /workspace from the
   * host; without one, the empty mount directory itself is the ephemeral
   * workspace), then its shell the session's variables. Returns the
   * connection to its runner.
   */
  async activate(
    entry: PoolEntry,
    workspaceHostPath: string | undefined,
    env: Record<string, string>,
  ): Promise<RunnerClient> {
    if (workspaceHostPath) await this.mounter.bind(workspaceHostPath, entry.mountDir);
    const runner = entry.runner ?? new RunnerClient(join(entry.socketDir, "runner.sock"));
    entry.runner = undefined;
    try {
      await runner.runner.activate({ env }, { timeoutMs: RUNNER_READY_TIMEOUT_MS });
      return runner;
    } catch (err) {
      runner.close();
      throw err;
    }
  }

  async discard(entry: PoolEntry): Promise<void> {
    entry.runner?.close();
    await this.containers.removeContainer(entry.containerId || `sandkasten-${entry.id}`);
    await this.releaseMounts(entry.id);
    rmSync(entry.socketDir, { recursive: true, force: true });
  }

  /**
   * After its container is gone: unmounts a pooled session's /workspace and
   * removes its ephemeral files, only once nothing is mounted there anymore.
   */
  async releaseMounts(id: string): Promise<void> {
    try {
      await releaseMountPoint(this.mounter, this.mountDir(id));
    } catch (err) {
      this.log.error("could not release a pool mount", { session: id, error: String(err) });
    }
  }

  close(): void {
    this.mounter.close();
  }

  private mountDir(id: string): string {
    return join(this.config.data_dir, "pool", id);
  }
}

/**
 * Runs a few commands and a file call through the new runner, so that the
 * session's first ones meet warm code (file calls load their module then).
 */
async function warmUp(runner: RunnerClient): Promise<void> {
  for (let i = 0; i < WARM_UP_EXECS; i++) {
    for await (const _ of runner.exec.execStream({ cmd: "true", timeoutMs: 10_000 })) {
      // read to the end
    }
  }
  await runner.fs.stat({ path: "/workspace" }, { timeoutMs: 10_000 });
}
