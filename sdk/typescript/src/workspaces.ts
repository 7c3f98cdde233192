import type { Api } from "./api.js";
import { call, callStream } from "./calls.js";
import { importResult, workspaceInfo } from "./convert.js";
import { SandkastenError } from "./errors.js";
import { FileApi } from "./file-api.js";
import { workspaceFileRpcs } from "./file-rpcs.js";
import { dataOf, uploadMessages } from "./file-streams.js";
import {
  type DiffOptions,
  diffEntry,
  type ForkOptions,
  type WorkspaceDiff,
  WorkspaceSnapshots,
} from "./snapshots.js";
import type { CallOptions, FileData, ImportResult, WorkspaceInfo } from "./types.js";

/**
 * Files of one persistent workspace, without a session. Paths are relative to
 * the workspace root ("a.txt", "/a.txt" and "sub/../a.txt" stay inside it);
 * write() and upload() create the workspace if it is new.
 */
export class Workspace extends FileApi<{ workspaceId: string }> {
  /** Named, read-only copies of this workspace: take, list, delete, restore. */
  readonly snapshots: WorkspaceSnapshots;

  constructor(
    private readonly api: Api,
    readonly id: string,
  ) {
    super({ workspaceId: id }, workspaceFileRpcs(api.workspaces), api.streamsRequests);
    this.snapshots = new WorkspaceSnapshots(api, id);
  }

  async info(options: CallOptions = {}): Promise<WorkspaceInfo> {
    const r = await call(options, (o) => this.api.workspaces.getWorkspace({ id: this.id }, o));
    return workspaceInfo(r.workspace);
  }

  /**
   * Makes `newId` a copy of this workspace (or of its snapshot), creating
   * it for the caller; an existing, non-empty one only with `replace`.
   */
  async fork(newId: string, options: ForkOptions = {}): Promise<WorkspaceInfo> {
    const request = {
      workspaceId: this.id,
      newWorkspaceId: newId,
      snapshot: options.snapshot ?? "",
      replace: options.replace ?? false,
    };
    const r = await call(options, (o) => this.api.snapshots.forkWorkspace(request, o));
    return workspaceInfo(r.workspace);
  }

  /**
   * What differs in this workspace as it is now from a base: one of its
   * snapshots (`snapshot`), another workspace (`against`), or that one's
   * snapshot (both).
   */
  async diff(options: DiffOptions = {}): Promise<WorkspaceDiff> {
    const request = {
      workspaceId: this.id,
      baseWorkspaceId: options.against ?? "",
      baseSnapshot: options.snapshot ?? "",
      maxEntries: options.maxEntries ?? 0,
    };
    const r = await call(options, (o) => this.api.snapshots.diffWorkspace(request, o));
    return { changes: r.changes.map(diffEntry), truncated: r.truncated };
  }

  /** The whole workspace as a tar archive, in chunks. */
  exportTar(options: CallOptions = {}): AsyncIterable<Uint8Array> {
    const request = { workspaceId: this.id };
    return dataOf(callStream(options, (o) => this.api.workspaces.exportWorkspace(request, o)));
  }

  /** Restores a tar archive into the workspace, creating it if needed. */
  async importTar(tar: FileData, options: CallOptions = {}): Promise<ImportResult> {
    if (!this.api.streamsRequests) {
      throw new SandkastenError(
        "importTar streams its request, which fetch cannot: use the Node entry point",
        "unimplemented",
      );
    }
    const messages = uploadMessages(tar, { workspaceId: this.id });
    return importResult(
      await call(options, (o) => this.api.workspaces.importWorkspace(messages, o)),
    );
  }
}

export async function listWorkspaces(
  api: Api,
  options: CallOptions = {},
): Promise<WorkspaceInfo[]> {
  const r = await call(options, (o) => api.workspaces.listWorkspaces({}, o));
  return r.workspaces.map(workspaceInfo);
}

export async function deleteWorkspace(
  api: Api,
  id: string,
  options: CallOptions & { force?: boolean } = {},
): Promise<void> {
  const request = { id, force: options.force ?? false };
  await call(options, (o) => api.workspaces.deleteWorkspace(request, o));
}
