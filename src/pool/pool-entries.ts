import type { Config } from "../config/load.js";
import { RunnerClient } from "../runner-client/runner-client.js";
import { RUNNER_READY_TIMEOUT_MS, type SessionRuntime } from "../runtime/runtime.js";
import { newSessionId } from "../sessions/ids.js";
import type { PoolEntry } from "./pool-manager.js";

/** Commands a new pool container runs before it is ready, so its runner's code is warm. */
const WARM_UP_EXECS = 40;

/**
 * The pool's ready containers: made exactly like a session's (same labels,
 * limits, pre-assigned session id) with an empty /workspace that a workspace
 * can be attached to while they run, their shell running and warmed up and
 * their runner connected; handed over with a workspace attached and the
 * session's variables exported, or discarded with what they own.
 */
export class PoolEntries {
  constructor(
    private readonly config: Config,
    private readonly runtime: SessionRuntime,
  ) {}

  /** Makes one ready container: started, shell running, runner connected and warm. */
  async create(image: string): Promise<PoolEntry> {
    const id = newSessionId();
    const entry: PoolEntry = { id, image, sandbox: this.runtime.sandboxFor(id, true) };
    try {
      const d = this.config.defaults;
      const limits = { cpuLimit: d.cpu_limit, memLimitMb: d.mem_limit_mb, pidsLimit: d.pids_limit };
      const sandboxId = await this.runtime.create(entry.sandbox, { image, env: {}, limits });
      entry.sandbox = { ...entry.sandbox, id: sandboxId };
      await this.runtime.waitForRunner(entry.sandbox);
      entry.runner = new RunnerClient(this.runtime.runnerAddress(entry.sandbox));
      await entry.runner.runner.warm({}, { timeoutMs: RUNNER_READY_TIMEOUT_MS });
      await warmUp(entry.runner);
      return entry;
    } catch (err) {
      await this.discard(entry);
      throw err;
    }
  }

  /**
   * Gives a ready container its workspace (attached at its /workspace;
   * without one, that empty /workspace is the ephemeral workspace), then its
   * shell the session's variables. Returns the
   * connection to its runner.
   */
  async activate(
    entry: PoolEntry,
    workspaceHostPath: string | undefined,
    env: Record<string, string>,
  ): Promise<RunnerClient> {
    if (workspaceHostPath) await this.runtime.attachWorkspace(entry.sandbox, workspaceHostPath);
    const runner = entry.runner ?? new RunnerClient(this.runtime.runnerAddress(entry.sandbox));
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
    await this.runtime.destroy(entry.sandbox);
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
