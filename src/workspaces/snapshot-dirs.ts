import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SANDBOX_GID, SANDBOX_UID } from "./drivers/driver.js";

/**
 * Where snapshots' files live: <data_dir>/snapshots/<workspace>/<name>.
 * The two levels above a snapshot are root's, mode 0700, and mounted into
 * no container: no sandbox, and no host user but root, reaches them. A
 * snapshot's own tree belongs to the sandbox user, as the confined helper
 * that copies it runs as that user. Only the daemon writes here, so plain
 * file calls are safe (rm never follows the links a snapshot holds).
 */
export class SnapshotDirs {
  private readonly base: string;

  constructor(dataDir: string) {
    this.base = join(dataDir, "snapshots");
  }

  of(workspaceId: string, name: string): string {
    return join(this.base, workspaceId, name);
  }

  /**
   * An empty directory to copy a new snapshot into, beside where it goes;
   * whatever a deleted workspace of the same id left at that name is removed.
   */
  fresh(workspaceId: string, name: string): string {
    const parent = join(this.base, workspaceId);
    mkdirSync(this.base, { recursive: true, mode: 0o700 });
    mkdirSync(parent, { recursive: true, mode: 0o700 });
    rmSync(this.of(workspaceId, name), { recursive: true, force: true });
    const partial = join(parent, `.partial-${name}-${randomBytes(4).toString("hex")}`);
    mkdirSync(partial, { mode: 0o755 });
    chownSync(partial, SANDBOX_UID, SANDBOX_GID);
    return partial;
  }

  /** Puts a finished copy in place. */
  commit(partial: string, workspaceId: string, name: string): void {
    renameSync(partial, this.of(workspaceId, name));
  }

  remove(path: string): void {
    rmSync(path, { recursive: true, force: true });
  }

  /** Removes every snapshot of a workspace (it was deleted). */
  removeAll(workspaceId: string): void {
    const dir = join(this.base, workspaceId);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
