import { join } from "node:path";
import type { Logger } from "../log.js";
import { SANDBOX_GID, SANDBOX_UID } from "../workspaces/drivers/driver.js";
import { dirNames } from "./dir-names.js";
import { prepareMountPoint, releaseMountPoint } from "./host-mounts.js";
import { Mounter } from "./mounter.js";

/**
 * The host directories pool containers have at /workspace,
 * `<data_dir>/pool/<id>`: made a shared mount before the container starts, a
 * workspace bound onto one when the container is taken, unmounted and
 * removed once the container is gone.
 */
export class PoolMounts {
  private readonly mounter: Mounter;
  private readonly base: string;

  constructor(
    dataDir: string,
    mounterBinary: string,
    private readonly log: Logger,
  ) {
    this.base = join(dataDir, "pool");
    this.mounter = new Mounter(mounterBinary);
  }

  dir(id: string): string {
    return join(this.base, id);
  }

  prepare(id: string): Promise<void> {
    return prepareMountPoint(this.mounter, this.dir(id), SANDBOX_UID, SANDBOX_GID);
  }

  /** Binds a workspace's host directory onto the container's /workspace. */
  attach(id: string, hostPath: string): Promise<void> {
    return this.mounter.bind(hostPath, this.dir(id));
  }

  /**
   * After its container is gone: unmounts a pooled session's /workspace and
   * removes its ephemeral files, only once nothing is mounted there anymore.
   */
  async release(id: string): Promise<void> {
    try {
      await releaseMountPoint(this.mounter, this.dir(id));
    } catch (err) {
      this.log.error("could not release a pool mount", { session: id, error: String(err) });
    }
  }

  /**
   * At start-up: the mounts pool containers of an earlier run left
   * (unmounted first, never emptied while mounted).
   */
  async releaseAllBut(live: ReadonlySet<string>): Promise<void> {
    for (const name of dirNames(this.base)) {
      if (!live.has(name)) await this.release(name);
    }
  }

  close(): void {
    this.mounter.close();
  }
}
