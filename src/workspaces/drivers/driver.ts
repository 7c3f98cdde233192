import type { WorkspaceMount } from "../../runtime/runtime.js";

/** Where a workspace's files live, and how a sandbox mounts them. */
export interface WorkspaceDriver {
  readonly name: "volume" | "directory";
  /** Creates the storage if it does not exist, owned by the sandbox user. */
  ensure(id: string): Promise<void>;
  exists(id: string): Promise<boolean>;
  /** The host directory holding the files (for the confined file helper). */
  hostPath(id: string): Promise<string>;
  mount(id: string): WorkspaceMount;
  /** Removes the storage and everything in it. */
  remove(id: string): Promise<void>;
}

export const SANDBOX_UID = 1000;
export const SANDBOX_GID = 1000;
