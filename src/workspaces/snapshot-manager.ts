import type { Config } from "../config/load.js";
import { DomainError } from "../errors/domain-error.js";
import { workspaceNotFound } from "../errors/reasons.js";
import type { Logger } from "../log.js";
import type { Db } from "../store/database.js";
import { WorkspacesRepo } from "../store/workspaces-repo.js";
import type { Principal } from "../tenants/principal.js";
import { SnapshotDirs } from "./snapshot-dirs.js";
import { checkSnapshotName } from "./snapshot-name.js";
import { type SnapshotRow, SnapshotsRepo } from "./snapshots-repo.js";
import { copyTree, diffTrees, type TreeDiff } from "./tree-ops.js";
import { checkWorkspaceId } from "./workspace-id.js";
import type { WorkspaceInfo, WorkspaceManager } from "./workspace-manager.js";

export type SnapshotInfo = Omit<SnapshotRow, "skipped"> & { skipped: string[] };

/** One side of a diff: a workspace as it is now, or one of its snapshots. */
export interface TreeSide {
  workspaceId: string;
  snapshot?: string;
}

export const DEFAULT_DIFF_ENTRIES = 10_000;

/**
 * Named copies of a workspace on the host (SnapshotDirs), restores, forks
 * and diffs. Every copy and comparison goes through the confined helper
 * (copy-tree, diff), so a link the sandbox planted is copied or compared as
 * a link and never followed. Changes to one workspace's snapshots, and
 * restores and forks into a workspace, run one at a time per workspace
 * (WorkspaceManager.exclusively, which session attaches take too).
 */
export class SnapshotManager {
  private readonly repo: SnapshotsRepo;
  private readonly workspacesRepo: WorkspacesRepo;
  private readonly dirs: SnapshotDirs;

  constructor(
    private readonly config: Config,
    db: Db,
    private readonly workspaces: WorkspaceManager,
    private readonly log: Logger,
  ) {
    this.repo = new SnapshotsRepo(db);
    this.workspacesRepo = new WorkspacesRepo(db);
    this.dirs = new SnapshotDirs(config.data_dir);
  }

  /** Its rows went with the workspace's (ON DELETE CASCADE); this removes the files. */
  async workspaceDeleted(id: string): Promise<void> {
    this.dirs.removeAll(id);
  }

  async create(workspaceId: string, name: string): Promise<SnapshotInfo> {
    checkSnapshotName(name);
    const files = await this.workspaces.files(workspaceId);
    return this.workspaces.exclusively(workspaceId, async () => {
      if (await this.repo.get(workspaceId, name)) {
        throw new DomainError(
          "already_exists",
          `workspace ${workspaceId} already has a snapshot named ${name}; delete it first or choose another name`,
        );
      }
      const partial = this.dirs.fresh(workspaceId, name);
      try {
        const copied = await copyTree(this.workspaces.wsfs, files.root, partial);
        this.dirs.commit(partial, workspaceId, name);
        const row: SnapshotRow = {
          workspace_id: workspaceId,
          name,
          created_at: Date.now(),
          size_bytes: copied.bytes,
          files: copied.files,
          dirs: copied.dirs,
          symlinks: copied.symlinks,
          skipped: JSON.stringify(copied.skipped),
          skipped_count: copied.skipped_count,
        };
        await this.repo.insert(row);
        this.log.info("workspace snapshot taken", { workspace: workspaceId, snapshot: name });
        return toInfo(row);
      } catch (err) {
        this.dirs.remove(partial);
        this.dirs.remove(this.dirs.of(workspaceId, name));
        throw err;
      }
    });
  }

  async list(workspaceId: string): Promise<SnapshotInfo[]> {
    await this.knownWorkspace(workspaceId);
    return (await this.repo.list(workspaceId)).map(toInfo);
  }

  async delete(workspaceId: string, name: string): Promise<void> {
    await this.snapshot(workspaceId, name);
    await this.workspaces.exclusively(workspaceId, async () => {
      await this.repo.delete(workspaceId, name);
      this.dirs.remove(this.dirs.of(workspaceId, name));
    });
  }

  /** Replaces everything in the workspace with the snapshot's files. */
  async restore(workspaceId: string, name: string, owner: Principal): Promise<SnapshotInfo> {
    await this.snapshot(workspaceId, name);
    return this.workspaces.exclusively(workspaceId, async () => {
      await this.refuseAttached(workspaceId, "restored");
      const row = await this.snapshot(workspaceId, name);
      const files = await this.workspaces.filesForWrite(workspaceId, owner);
      await copyTree(this.workspaces.wsfs, this.dirs.of(workspaceId, name), files.root, {
        clear: true,
      });
      this.log.info("workspace restored", { workspace: workspaceId, snapshot: name });
      return toInfo(row);
    });
  }

  /**
   * Fills `target` (made for `owner` when it does not exist) from the source
   * workspace or one of its snapshots. A new target that could not be
   * filled is deleted again.
   */
  async fork(
    source: TreeSide,
    target: string,
    o: { replace: boolean; owner: Principal },
  ): Promise<WorkspaceInfo> {
    checkWorkspaceId(target);
    if (target === source.workspaceId) {
      throw new DomainError(
        "invalid",
        "new_workspace_id names the source workspace; to go back to a snapshot use RestoreWorkspace",
      );
    }
    const from = await this.root(source);
    const existed = (await this.workspacesRepo.get(target)) !== undefined;
    try {
      await this.bothExclusively(source.workspaceId, target, async () => {
        if (source.snapshot !== undefined) await this.snapshot(source.workspaceId, source.snapshot);
        await this.refuseAttached(target, "filled by a fork");
        const files = await this.workspaces.filesForWrite(target, o.owner);
        const occupied = existed && (await files.list("/", 1)).entries.length > 0;
        if (occupied && !o.replace) {
          throw new DomainError(
            "already_exists",
            `workspace ${target} exists and is not empty; set replace to overwrite it, or fork into a new id`,
          );
        }
        const quota = this.workspaces.quotaBytes;
        await copyTree(this.workspaces.wsfs, from, files.root, {
          clear: occupied,
          ...(quota > 0 ? { limit: quota } : {}),
        });
      });
    } catch (err) {
      if (!existed && (await this.workspacesRepo.get(target)) !== undefined) {
        await this.workspaces.delete(target, false).catch((e: unknown) => {
          this.log.warn("a failed fork's workspace was not removed", {
            workspace: target,
            error: String(e),
          });
        });
      }
      throw err;
    }
    this.log.info("workspace forked", { workspace: target, from: source });
    return this.workspaces.get(target);
  }

  /** What differs from `base` to `after`. */
  async diff(
    after: TreeSide,
    base: TreeSide,
    maxEntries: number,
    signal?: AbortSignal,
  ): Promise<TreeDiff> {
    const [afterRoot, baseRoot] = [await this.root(after), await this.root(base)];
    return diffTrees(this.workspaces.wsfs, baseRoot, afterRoot, maxEntries, signal);
  }

  /** The host directory of a side, once it is known to exist. */
  private async root(side: TreeSide): Promise<string> {
    if (side.snapshot === undefined) return (await this.workspaces.files(side.workspaceId)).root;
    await this.snapshot(side.workspaceId, side.snapshot);
    return this.dirs.of(side.workspaceId, side.snapshot);
  }

  private async snapshot(workspaceId: string, name: string): Promise<SnapshotRow> {
    checkSnapshotName(name);
    await this.knownWorkspace(workspaceId);
    const row = await this.repo.get(workspaceId, name);
    if (!row) {
      throw new DomainError("not_found", `workspace ${workspaceId} has no snapshot named ${name}`);
    }
    return row;
  }

  private async knownWorkspace(id: string): Promise<void> {
    if (!this.config.workspace.enabled) {
      throw new DomainError(
        "failed_precondition",
        "workspace not enabled: set workspace.enabled: true in sandkasten.yaml",
      );
    }
    checkWorkspaceId(id);
    if (!(await this.workspacesRepo.get(id))) throw workspaceNotFound(id);
  }

  private async refuseAttached(id: string, what: string): Promise<void> {
    const holders = await this.workspacesRepo.attachedSessions(id);
    if (holders.length === 0) return;
    throw new DomainError(
      "failed_precondition",
      `workspace ${id} can't be ${what} while session${holders.length > 1 ? "s" : ""} ${holders.join(", ")} ${holders.length > 1 ? "have" : "has"} it attached; destroy ${holders.length > 1 ? "them" : "it"} first`,
    );
  }

  /** Both workspaces' turns, taken in id order so two forks can't wait on each other. */
  private bothExclusively<T>(a: string, b: string, fn: () => Promise<T>): Promise<T> {
    const [first, second] = a < b ? [a, b] : [b, a];
    return this.workspaces.exclusively(first, () => this.workspaces.exclusively(second, fn));
  }
}

function toInfo(row: SnapshotRow): SnapshotInfo {
  return { ...row, skipped: JSON.parse(row.skipped) as string[] };
}
