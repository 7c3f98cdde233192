import { existsSync, lchownSync, lstatSync } from "node:fs";
import { type DockerClient, isNotFound } from "../../docker/docker-client.js";
import { LABEL_INSTANCE, LABEL_MANAGED, LABEL_WORKSPACE } from "../../docker/labels.js";
import type { WorkspaceMount } from "../../runtime/runtime.js";
import { SANDBOX_GID, SANDBOX_UID, type WorkspaceDriver } from "./driver.js";

export const volumeName = (id: string) => `sandkasten-ws-${id}`;

/**
 * Docker named volumes, `sandkasten-ws-<id>`, labelled. Each volume's data
 * directory is remembered once the engine named it, so that attaching a
 * workspace again asks the engine nothing while that directory is there.
 */
export class VolumeDriver implements WorkspaceDriver {
  readonly name = "volume";
  private readonly mountpoints = new Map<string, string>();

  constructor(
    private readonly docker: DockerClient,
    private readonly instance: string,
  ) {}

  async ensure(id: string): Promise<void> {
    if (this.known(id)) return;
    await this.docker.call("volume create", (api) =>
      api.createVolume({
        Name: volumeName(id),
        Labels: { [LABEL_MANAGED]: "true", [LABEL_INSTANCE]: this.instance, [LABEL_WORKSPACE]: id },
      }),
    );
    // A new volume's directory belongs to root; the shell works as uid 1000.
    // Only the top directory, which Docker just made, is touched.
    const mountpoint = await this.hostPath(id);
    const stat = lstatSync(mountpoint);
    if (stat.isDirectory() && stat.uid === 0) lchownSync(mountpoint, SANDBOX_UID, SANDBOX_GID);
  }

  async exists(id: string): Promise<boolean> {
    if (this.known(id)) return true;
    try {
      await this.docker.call("volume inspect", (api) => api.getVolume(volumeName(id)).inspect());
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async hostPath(id: string): Promise<string> {
    const known = this.known(id);
    if (known) return known;
    const info = await this.docker.call("volume inspect", (api) =>
      api.getVolume(volumeName(id)).inspect(),
    );
    this.mountpoints.set(id, info.Mountpoint);
    return info.Mountpoint;
  }

  /** The remembered data directory, while it still exists (an outside prune removes it). */
  private known(id: string): string | undefined {
    const mountpoint = this.mountpoints.get(id);
    if (mountpoint !== undefined && existsSync(mountpoint)) return mountpoint;
    this.mountpoints.delete(id);
    return undefined;
  }

  mount(id: string): WorkspaceMount {
    return { kind: "volume", name: volumeName(id) };
  }

  async remove(id: string): Promise<void> {
    this.mountpoints.delete(id);
    try {
      await this.docker.call("volume remove", (api) => api.getVolume(volumeName(id)).remove());
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
