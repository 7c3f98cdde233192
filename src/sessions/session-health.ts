import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import { DomainError, type DomainErrorKind } from "../errors/domain-error.js";
import type { Logger } from "../log.js";
import type { SessionRuntime } from "../runtime/runtime.js";
import type { SessionsRepo } from "../store/sessions-repo.js";
import { sandboxOf } from "./sandbox-of.js";

// A runner call that ended so may have lost its runner: the transport's
// codes, and the kinds the daemon gives a runner stream that ended early or
// made no sense.
const TRANSPORT_FAILURES = new Set([
  Code.Unavailable,
  Code.Internal,
  Code.Unknown,
  Code.Canceled,
  Code.Aborted,
]);
const TRANSPORT_KINDS = new Set<DomainErrorKind>(["unavailable", "internal", "canceled"]);

function lostRunner(cause: ConnectError | DomainError): boolean {
  return cause instanceof DomainError
    ? TRANSPORT_KINDS.has(cause.kind)
    : TRANSPORT_FAILURES.has(cause.code);
}

export interface SessionHealthDeps {
  repo: SessionsRepo;
  runtime: SessionRuntime;
  log: Logger;
  isTearingDown: (id: string) => boolean;
  teardown: (id: string, status: "failed", reason: string) => Promise<void>;
  dropRunner: (id: string) => void;
}

/** Finding sessions whose container or runner died, and marking them failed. */
export class SessionHealth {
  constructor(private readonly d: SessionHealthDeps) {}

  /**
   * Called when a runner call failed at the transport level: if the
   * container or its runner is gone, the session is marked failed.
   * Returns the error to give the client.
   */
  async runnerFailed(id: string, err: unknown): Promise<ConnectError | DomainError> {
    const cause = err instanceof DomainError ? err : ConnectError.from(err);
    // A runner that dies under a call ends it as Canceled (HTTP/2 CANCEL) or
    // Aborted (ECONNRESET) too; a client's own cancel finds the runner alive.
    if (!lostRunner(cause)) return cause;
    const row = await this.d.repo.get(id);
    if (row?.status !== "running") return (await this.failedError(id)) ?? cause;
    // A dying runner's container takes a moment to stop: look a few times.
    const sandbox = sandboxOf(row);
    let reason: string | undefined;
    for (let look = 0; look < 4 && !reason; look++) {
      if (look > 0) await sleep(500);
      const state = await this.d.runtime.inspect(sandbox);
      reason = !state.running
        ? `the container stopped (exit code ${state.exitCode})`
        : !(await this.d.runtime.runnerListens(sandbox))
          ? "the runner inside the container died"
          : undefined;
    }
    if (!reason) return cause;
    // Destroyed while we looked: the destroy's status stands.
    const failed = { status: "failed", status_reason: reason } as const;
    // Marked failed meanwhile by the health check (it saw the container stop):
    // the client hears that, not the transport's words.
    if (!(await this.d.repo.updateIfStatus(id, "running", failed)))
      return (await this.failedError(id)) ?? cause;
    this.d.dropRunner(id);
    this.d.log.warn("session failed", { session: id, reason });
    return new DomainError("failed_precondition", `session ${id} failed: ${reason}`);
  }

  /** The error of a session already marked failed, or undefined. */
  private async failedError(id: string): Promise<DomainError | undefined> {
    const row = await this.d.repo.get(id);
    if (row?.status !== "failed") return undefined;
    return new DomainError("failed_precondition", `session ${id} failed: ${row.status_reason}`);
  }

  /**
   * Marks running sessions whose container no longer runs (the engine
   * restarted, or the container died) as failed, and cleans up after them.
   */
  async failStopped(): Promise<number> {
    const live = await this.d.repo.listLive();
    const running = live.filter((row) => row.status === "running");
    if (running.length === 0) return 0;
    const sandboxes = await this.d.runtime.list();
    const alive = new Set(sandboxes.filter((s) => s.running).map((s) => s.id));
    let failed = 0;
    for (const row of running) {
      if (alive.has(row.container_id) || this.d.isTearingDown(row.id)) continue;
      // Looked up again: it may have been destroyed meanwhile.
      if ((await this.d.repo.get(row.id))?.status !== "running") continue;
      await this.d.teardown(row.id, "failed", "its container stopped");
      this.d.log.warn("session failed", { session: row.id, reason: "its container stopped" });
      failed++;
    }
    return failed;
  }
}
