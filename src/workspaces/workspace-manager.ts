import type { Config } from "../config/load.js";
import { DomainError } from "../errors/domain-error.js";
import { workspaceNotFound } from "../errors/reasons.js";
import type { Logger } from "../log.js";
import type { WorkspaceMount } from "../runtime/runtime.js";
import type { WorkspaceRow, WorkspacesRepo } from "../store/workspaces-repo.js";
import { canSee, type Principal } from "../tenants/principal.js";
import { checkWorkspaceQuota } from "../tenants/quota-check.js";
import { workspaceTaken } from "../tenants/tenant-errors.js";
import type { WorkspaceDriver } from "./drivers/driver.js";
import { WorkspaceFiles } from "./workspace-files.js";
import { checkWorkspaceId } from "./workspace-id.js";
import type { Wsfs } from "./wsfs.js";

export interface WorkspaceInfo {
  id: string;
  driver: string;
  createdAt: number;
  lastUsedAt: number;
  sizeBytes: number;
  sessionIds: string[];
  quotaBytes: number;
  overQuota: boolean;
  /** "missing": the store knows it, but its storage is gone (e.g. pruned outside). */
  status: "ready" | "missing";
  tenant: string;
}

/**
 * Persistent workspaces: created on first use, mounted at /workspace by the
 * sessions that name them, reachable without a session through the
 * confined file helper, and deleted only on request.
 */
export class WorkspaceManager {
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Called once a workspace is deleted: its snapshots go with it. */
  onDeleted: ((id: string) => Promise<void>) | undefined;

  constructor(
    private readonly config: Config,
    private readonly driver: WorkspaceDriver,
    private readonly repo: WorkspacesRepo,
    /** The confined file helper (also for snapshots, which copy between trees). */
    readonly wsfs: Wsfs,
    private readonly log: Logger,
    /** Destroys a session (used by a forced delete). */
    private readonly destroySession: (id: string) => Promise<void>,
  ) {}

  get quotaBytes(): number {
    return this.config.workspace.max_size_mb * 1024 * 1024;
  }

  /**
   * Runs `fn` alone for this workspace: attach checks and the session row
   * they allow happen together, so two exclusive attaches can't both pass.
   */
  async exclusively<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(fn);
    this.locks.set(id, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(id) === run) this.locks.delete(id);
    }
  }

  /** Creates the workspace if needed and returns how to mount it; call inside exclusively(). */
  async prepareAttach(id: string, owner: Principal): Promise<WorkspaceMount> {
    this.requireEnabled();
    checkWorkspaceId(id);
    if (this.config.workspace.attach_policy === "exclusive") {
      const holders = await this.repo.attachedSessions(id);
      if (holders.length > 0) {
        throw new DomainError(
          "failed_precondition",
          `workspace ${id} is already attached to session ${holders[0]} (workspace.attach_policy is exclusive)`,
        );
      }
    }
    await this.ensure(id, owner);
    return this.driver.mount(id);
  }

  /** The host directory of a workspace (after prepareAttach). */
  hostPath(id: string): Promise<string> {
    return this.driver.hostPath(id);
  }

  /** The workspaces the viewer may see. */
  async list(viewer: Principal): Promise<WorkspaceInfo[]> {
    this.requireEnabled();
    const rows = (await this.repo.list()).filter((row) => canSee(viewer, row.tenant));
    return Promise.all(rows.map((row) => this.describe(row)));
  }

  async get(id: string): Promise<WorkspaceInfo> {
    return this.describe(await this.knownRow(id));
  }

  /** Deletes a workspace, also one whose storage is already gone. */
  async delete(id: string, force: boolean): Promise<void> {
    await this.knownRow(id);
    await this.exclusively(id, async () => {
      const holders = await this.repo.attachedSessions(id);
      if (holders.length > 0 && !force) {
        throw new DomainError(
          "failed_precondition",
          `workspace ${id} is attached to session${holders.length > 1 ? "s" : ""} ${holders.join(", ")}; destroy ${holders.length > 1 ? "them" : "it"} first or delete with force`,
        );
      }
      for (const session of holders) await this.destroySession(session);
      await this.driver.remove(id);
      await this.repo.delete(id);
      await this.onDeleted?.(id);
    });
    this.log.info("workspace deleted", { workspace: id, force });
  }

  /** Files of an existing workspace. */
  async files(id: string): Promise<WorkspaceFiles> {
    await this.row(id);
    return new WorkspaceFiles(this.wsfs, await this.driver.hostPath(id));
  }

  /** Files of a workspace that is created if it does not exist (writes). */
  async filesForWrite(id: string, owner: Principal): Promise<WorkspaceFiles> {
    this.requireEnabled();
    checkWorkspaceId(id);
    await this.ensure(id, owner);
    return new WorkspaceFiles(this.wsfs, await this.driver.hostPath(id));
  }

  /** How many more bytes the API may write, or undefined when there is no quota. */
  async room(files: WorkspaceFiles): Promise<number | undefined> {
    if (this.quotaBytes === 0) return undefined;
    const used = (await files.du()).bytes;
    const room = this.quotaBytes - used;
    if (room <= 0) {
      throw new DomainError(
        "exhausted",
        `the workspace is full: it holds ${used} bytes of its ${this.quotaBytes} (workspace.max_size_mb)`,
      );
    }
    return room;
  }

  /**
   * What an attached workspace holds against its quota, or undefined when
   * there is no quota: for the runner, which applies it to a session's file
   * writes into /workspace with the same words as room().
   */
  async usage(id: string): Promise<{ usedBytes: number; quotaBytes: number } | undefined> {
    if (this.quotaBytes === 0) return undefined;
    const files = new WorkspaceFiles(this.wsfs, await this.driver.hostPath(id));
    return { usedBytes: (await files.du()).bytes, quotaBytes: this.quotaBytes };
  }

  async touch(id: string): Promise<void> {
    await this.repo.upsertUsed(id, this.driver.name);
  }

  /** The row first (its tenant's quota checked), then the storage. */
  private async ensure(id: string, owner: Principal): Promise<void> {
    const tenant = await this.repo.claim(id, this.driver.name, owner.tenant, (count) =>
      checkWorkspaceQuota(owner, count),
    );
    if (!canSee(owner, tenant)) throw workspaceTaken(id);
    await this.driver.ensure(id);
  }

  /** A workspace in the store, whether or not its storage still exists. */
  private async knownRow(id: string): Promise<WorkspaceRow> {
    this.requireEnabled();
    checkWorkspaceId(id);
    const row = await this.repo.get(id);
    if (!row) throw workspaceNotFound(id);
    return row;
  }

  /** A workspace whose files can be reached. */
  private async row(id: string): Promise<WorkspaceRow> {
    const row = await this.knownRow(id);
    if (!(await this.driver.exists(id))) {
      throw new DomainError(
        "failed_precondition",
        `workspace ${id} is missing: its ${this.driver.name === "volume" ? "volume" : "directory"} was removed outside sandkasten; delete it, or write to it to start it afresh`,
        { reason: "WORKSPACE_MISSING" },
      );
    }
    return row;
  }

  private async describe(row: WorkspaceRow): Promise<WorkspaceInfo> {
    const base = {
      id: row.id,
      driver: row.driver,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      sessionIds: await this.repo.attachedSessions(row.id),
      quotaBytes: this.quotaBytes,
      tenant: row.tenant,
    };
    if (!(await this.driver.exists(row.id))) {
      return { ...base, sizeBytes: 0, overQuota: false, status: "missing" };
    }
    let sizeBytes = 0;
    try {
      sizeBytes = (await new WorkspaceFiles(this.wsfs, await this.driver.hostPath(row.id)).du())
        .bytes;
    } catch (err) {
      this.log.warn("workspace size unknown", { workspace: row.id, error: String(err) });
    }
    return {
      ...base,
      sizeBytes,
      overQuota: this.quotaBytes > 0 && sizeBytes > this.quotaBytes,
      status: "ready",
    };
  }

  private requireEnabled(): void {
    if (!this.config.workspace.enabled) {
      throw new DomainError(
        "failed_precondition",
        "workspace not enabled: set workspace.enabled: true in sandkasten.yaml",
      );
    }
  }
}
