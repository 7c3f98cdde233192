import type { Config } from "../config/load.js";
import { egressRequest } from "../egress/session-allowlist.js";
import type { SessionEgress } from "../egress/session-egress.js";
import { DomainError } from "../errors/domain-error.js";
import { sessionNotFound, sessionNotRunning } from "../errors/reasons.js";
import type { Logger } from "../log.js";
import type { PoolEntries } from "../pool/pool-entries.js";
import type { PoolManager } from "../pool/pool-manager.js";
import { PoolTakes } from "../pool/pool-takes.js";
import { RunnerClient } from "../runner-client/runner-client.js";
import type { SandboxStats, SessionRuntime, WorkspaceMount } from "../runtime/runtime.js";
import type { SessionRow, SessionsRepo } from "../store/sessions-repo.js";
import type { Principal } from "../tenants/principal.js";
import { checkSessionQuota, hasSessionQuota } from "../tenants/quota-check.js";
import type { WorkspaceManager } from "../workspaces/workspace-manager.js";
import { ActivityBuffer } from "./activity-buffer.js";
import { newSessionId } from "./ids.js";
import { resolveImage } from "./images.js";
import { resolveLimits, resolveTtl } from "./limits.js";
import { sandboxOf } from "./sandbox-of.js";
import { SessionHealth } from "./session-health.js";

export interface CreateSessionInput {
  /** Whose the session is; its key's quotas apply. */
  owner: Principal;
  image: string;
  ttlSeconds: number;
  workspaceId: string;
  env: Record<string, string>;
  limits?: { cpuLimit: number; memLimitMb: number; pidsLimit: number };
  /** "", "none" or "allowlist" (with `allow`). */
  network?: string;
  allow?: readonly string[];
}

/** What sessions are made of and with, built before them. */
export interface SessionParts {
  config: Config;
  repo: SessionsRepo;
  /** Where sessions' sandboxes run. */
  runtime: SessionRuntime;
  /** Networks and proxies of sessions with network "allowlist". */
  egress: SessionEgress;
  /** The pool's ready containers (made, handed over, discarded). */
  poolEntries: PoolEntries;
  pool: PoolManager;
  workspaces: WorkspaceManager;
  log: Logger;
}

/**
 * Sessions over their whole life: a row in the store, a sandbox (a
 * container, for Docker) and a connection to the sandbox's runner.
 */
export class SessionManager {
  private readonly runners = new Map<string, RunnerClient>();
  private readonly tearingDown = new Map<string, Promise<void>>();
  private readonly config: Config;
  private readonly repo: SessionsRepo;
  private readonly log: Logger;
  private readonly runtime: SessionRuntime;
  private readonly workspaces: WorkspaceManager;
  /** Networks and proxies of sessions with network "allowlist". */
  readonly egress: SessionEgress;

  constructor(parts: SessionParts) {
    const { config, repo, log } = parts;
    this.config = config;
    this.repo = repo;
    this.log = log;
    this.runtime = parts.runtime;
    this.workspaces = parts.workspaces;
    this.egress = parts.egress;
    this.poolTakes = new PoolTakes({
      config,
      repo,
      entries: parts.poolEntries,
      log,
      pool: parts.pool,
      workspaces: () => this.requireWorkspaces(),
      keepRunner: (id, runner) => this.runners.set(id, runner),
    });
    this.health = new SessionHealth({
      repo,
      runtime: this.runtime,
      log,
      isTearingDown: (id) => this.tearingDown.has(id),
      teardown: (id, status, reason) => this.teardown(id, status, reason),
      dropRunner: (id) => this.dropRunner(id),
    });
    this.activity = new ActivityBuffer(
      (changes) => repo.updateActivity(changes),
      (err) => log.warn("could not store sessions' last activity", { error: String(err) }),
    );
  }

  private readonly activity: ActivityBuffer;
  private readonly poolTakes: PoolTakes;
  private readonly health: SessionHealth;

  async create(input: CreateSessionInput): Promise<SessionRow> {
    const image = resolveImage(input.image, this.config.default_image, this.config.allowed_images);
    const limits = resolveLimits(input.limits, this.config);
    const ttl = resolveTtl(input.ttlSeconds, this.config);
    const started = Date.now();
    // Looked at before a pool container is taken; made sure of with the row.
    if (hasSessionQuota(input.owner)) {
      checkSessionQuota(input.owner, await this.repo.usage(input.owner.tenant), limits.memLimitMb);
    }
    const egress = egressRequest(
      input.network ?? "",
      input.allow ?? [],
      this.config.egress.allowed,
    );
    const pick =
      egress.network === "allowlist"
        ? { missReason: "sessions with an egress allowlist are not pooled" }
        : this.poolTakes.pick(image, limits);
    const id = pick.entry?.id ?? newSessionId();
    const workspaceId = input.workspaceId || (this.config.workspace.persist_by_default ? id : "");
    if (pick.entry) {
      return this.poolTakes.take(pick.entry, {
        owner: input.owner,
        image,
        ttl,
        workspaceId,
        env: input.env,
        memLimitMb: limits.memLimitMb,
      });
    }
    const planned = this.runtime.sandboxFor(id, false);
    // The workspace's attach rules and this session's row go in together.
    const reserve = async () => {
      const mount = workspaceId
        ? await this.requireWorkspaces().prepareAttach(workspaceId, input.owner)
        : undefined;
      const row = {
        id,
        image,
        container_id: "",
        status: "creating",
        status_reason: "",
        cwd: "/workspace",
        workspace_id: workspaceId || null,
        socket_dir: planned.socketDir,
        created_at: started,
        expires_at: started + ttl * 1000,
        last_activity: started,
        pooled: 0,
        pool_miss_reason: pick.missReason,
        tenant: input.owner.tenant,
        mem_limit_mb: limits.memLimitMb,
        network: egress.network,
        allow: JSON.stringify(egress.network === "allowlist" ? egress.allow : []),
      };
      await this.repo.insertChecked(row, (usage) =>
        checkSessionQuota(input.owner, usage, limits.memLimitMb),
      );
      return mount;
    };
    const workspace: WorkspaceMount | undefined = workspaceId
      ? await this.requireWorkspaces().exclusively(workspaceId, reserve)
      : await reserve();
    try {
      const attachment =
        egress.network === "allowlist" ? await this.egress.open(id, egress.allow) : undefined;
      const sandboxId = await this.runtime.create(planned, {
        image,
        env: input.env,
        limits,
        workspace,
        egress: attachment,
      });
      await this.repo.update(id, { container_id: sandboxId });
      await this.runtime.waitForRunner({ ...planned, id: sandboxId });
      // The ttl counts from when the session can be used, however long creating took.
      const ready = Date.now();
      await this.repo.update(id, {
        status: "running",
        last_activity: ready,
        expires_at: ready + ttl * 1000,
      });
      this.log.info("session created", {
        session: id,
        image,
        pooled: false,
        ms: Date.now() - started,
      });
      return (await this.repo.get(id)) as SessionRow;
    } catch (err) {
      this.log.warn("session create failed", { session: id, error: String(err) });
      const reason = `create failed: ${(err as Error).message}`;
      await this.teardown(id, "destroyed", reason).catch(async (cleanup) => {
        // The engine may be away: the row must not stay "creating", and the
        // caller hears why the create failed. A container left behind is a
        // stranger to the next start-up's reconcile, which removes it.
        this.log.warn("clean-up after a failed create failed", {
          session: id,
          error: String(cleanup),
        });
        this.runtime.forget(planned);
        await this.repo.update(id, {
          status: "destroyed",
          status_reason: `${reason} (clean-up failed: ${(cleanup as Error).message})`,
        });
      });
      throw err;
    }
  }

  async get(id: string): Promise<SessionRow> {
    const row = await this.repo.get(id);
    if (!row) throw sessionNotFound(id);
    return this.activity.overlay(row);
  }

  /** Sessions that are not destroyed; or, given states, the sessions in them. */
  async list(statuses: readonly string[] = []): Promise<SessionRow[]> {
    const rows =
      statuses.length === 0
        ? await this.repo.listVisible()
        : await this.repo.listByStatus(statuses);
    return rows.map((row) => this.activity.overlay(row));
  }

  async destroy(id: string): Promise<void> {
    const row = await this.get(id);
    if (row.status === "destroyed") return;
    await this.teardown(id, "destroyed", "destroyed on request");
    this.log.info("session destroyed", { session: id });
  }

  /**
   * Moves a running session's expiry to now + ttl (bounded like a create's
   * ttl); without a ttl, adds session_ttl_seconds to the current expiry, up
   * to max_ttl_seconds from now and never earlier than it was.
   */
  async extend(id: string, ttlSeconds: number): Promise<SessionRow> {
    const ttl = ttlSeconds > 0 ? resolveTtl(ttlSeconds, this.config) : undefined;
    const row = await this.get(id);
    if (row.status !== "running") {
      throw sessionNotRunning(id, row.status, "; only running sessions can be extended");
    }
    const now = Date.now();
    const expiresAt =
      ttl !== undefined
        ? now + ttl * 1000
        : Math.max(
            row.expires_at,
            Math.min(
              row.expires_at + this.config.session_ttl_seconds * 1000,
              now + this.config.max_ttl_seconds * 1000,
            ),
          );
    await this.repo.update(id, { expires_at: expiresAt });
    return this.get(id);
  }

  /** The runner of a running session, or a clear error why there is none. */
  async runner(id: string): Promise<RunnerClient> {
    // A connection is kept only for a running session (teardown drops it).
    const kept = this.tearingDown.has(id) ? undefined : this.runners.get(id);
    if (kept) return kept;
    const row = await this.get(id);
    if (row.status !== "running") {
      throw sessionNotRunning(id, row.status, row.status_reason ? ` (${row.status_reason})` : "");
    }
    let client = this.runners.get(id);
    if (!client) {
      client = new RunnerClient(this.runtime.runnerAddress(sandboxOf(row)));
      this.runners.set(id, client);
    }
    return client;
  }

  /** Notes an exec's end (written with others about once a second). */
  async recordActivity(id: string, cwd?: string): Promise<void> {
    this.activity.record(id, cwd);
  }

  /** If a runner call failed because the session died: marks it failed (see SessionHealth). */
  runnerFailed(id: string, err: unknown): Promise<Error> {
    this.onRunnerFailure?.(err);
    return this.health.runnerFailed(id, err);
  }

  /** Told of every failed runner call (the metrics count them). */
  onRunnerFailure: ((cause: unknown) => void) | undefined;

  async stats(id: string): Promise<SandboxStats> {
    const row = await this.get(id);
    if (row.status !== "running") {
      throw sessionNotRunning(id, row.status);
    }
    return this.runtime.stats(sandboxOf(row));
  }

  /** Destroys sessions whose time is up; returns how many. */
  async reapExpired(now = Date.now()): Promise<number> {
    const expired = await this.repo.listExpired(now);
    for (const row of expired) {
      await this.teardown(row.id, "expired", "the session's ttl ran out").catch((err) =>
        this.log.warn("reaping failed", { session: row.id, error: String(err) }),
      );
      this.log.info("session expired", { session: row.id });
    }
    return expired.length;
  }

  /** Marks sessions whose container stopped as failed (see SessionHealth). */
  failStopped(): Promise<number> {
    return this.health.failStopped();
  }

  async close(): Promise<void> {
    for (const id of [...this.runners.keys()]) this.dropRunner(id);
    await this.activity.close();
  }

  private requireWorkspaces(): WorkspaceManager {
    if (!this.config.workspace.enabled) {
      throw new DomainError(
        "failed_precondition",
        "workspace not enabled: set workspace.enabled: true in sandkasten.yaml",
      );
    }
    return this.workspaces;
  }

  /** Removes what a session has (its sandbox, its egress network) and records why. */
  async teardown(
    id: string,
    status: "destroyed" | "expired" | "failed",
    reason: string,
  ): Promise<void> {
    // One teardown per session at a time: a destroy, the reaper and the
    // container check may all reach for the same session.
    const running = this.tearingDown.get(id);
    if (running) return running;
    const done = this.teardownOnce(id, status, reason).finally(() => this.tearingDown.delete(id));
    this.tearingDown.set(id, done);
    return done;
  }

  private async teardownOnce(id: string, status: string, reason: string): Promise<void> {
    const row = await this.repo.get(id);
    if (!row) return;
    this.dropRunner(id);
    await this.runtime.destroy(sandboxOf(row));
    await this.egress.close(id);
    await this.repo.update(id, { status, status_reason: reason });
    // A call that came during the teardown may have opened one again.
    this.dropRunner(id);
  }

  private dropRunner(id: string): void {
    this.runners.get(id)?.close();
    this.runners.delete(id);
  }
}
