import { existsSync, lchownSync, mkdirSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import type { WorkspaceMount } from "../../runtime/runtime.js";
import { entryPath, type WorkspaceFiles } from "../workspace-files.js";
import { SANDBOX_GID, SANDBOX_UID, type WorkspaceDriver } from "./driver.js";

/** Plain directories, `<data_dir>/workspaces/<id>`, bind-mounted. */
export class DirectoryDriver implements WorkspaceDriver {
  readonly name = "directory";
  private readonly base: string;

  constructor(
    dataDir: string,
    private readonly filesOf: (root: string) => WorkspaceFiles,
  ) {
    this.base = join(dataDir, "workspaces");
    mkdirSync(this.base, { recursive: true, mode: 0o755 });
  }

  async ensure(id: string): Promise<void> {
    const dir = join(this.base, id);
    if (existsSync(dir)) return;
    mkdirSync(dir, { mode: 0o755 });
    lchownSync(dir, SANDBOX_UID, SANDBOX_GID);
  }

  async exists(id: string): Promise<boolean> {
    return existsSync(join(this.base, id));
  }

  async hostPath(id: string): Promise<string> {
    return join(this.base, id);
  }

  mount(id: string): WorkspaceMount {
    return { kind: "directory", hostPath: join(this.base, id) };
  }

  /**
   * The contents go through the confined helper (a link the sandbox left
   * there is removed, never followed); then the empty directory itself.
   */
  async remove(id: string): Promise<void> {
    const dir = join(this.base, id);
    if (!existsSync(dir)) return;
    const files = this.filesOf(dir);
    const { entries } = await files.list("/", 1_000_000);
    for (const entry of entries) await files.remove(entryPath(entry), true);
    rmdirSync(dir);
  }
}
