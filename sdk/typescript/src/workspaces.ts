import type { Api } from "./api.js";
import { collect, toBytes } from "./bytes.js";
import { call, callStream } from "./calls.js";
import { fileEntry, importResult, workspaceInfo } from "./convert.js";
import { SandkastenError } from "./errors.js";
import { dataOf, type ReadOptions, uploadMessages, type WriteOptions, wholeFile } from "./files.js";
import {
  type DiffOptions,
  diffEntry,
  type ForkOptions,
  type WorkspaceDiff,
  WorkspaceSnapshots,
} from "./snapshots.js";
import type {
  CallOptions,
  FileData,
  FileEntry,
  ImportResult,
  WorkspaceInfo,
  WrittenFile,
} from "./types.js";

const decoder = new TextDecoder();

/**
 * Files of one persistent workspace, without a session. Paths are relative to
 * the workspace root ("a.txt", "/a.txt" and "sub/../a.txt" stay inside it).
 */
export class Workspace {
  /** Named, read-only copies of this workspace: take, list, delete, restore. */
  readonly snapshots: WorkspaceSnapshots;

  constructor(
    private readonly api: Api,
    readonly id: string,
  ) {
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

  /** Creates or replaces a file (and the workspace, if it is new). */
  async write(
    path: string,
    content: string | Uint8Array,
    options: WriteOptions = {},
  ): Promise<WrittenFile> {
    const request = {
      workspaceId: this.id,
      path,
      content: toBytes(content),
      mode: options.mode ?? 0,
    };
    const r = await call(options, (o) => this.api.workspaces.writeWorkspaceFile(request, o));
    return { path: r.path, size: Number(r.size) };
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const request = { workspaceId: this.id, path, maxBytes: BigInt(options.maxBytes ?? 0) };
    return (await call(options, (o) => this.api.workspaces.readWorkspaceFile(request, o))).content;
  }

  async readText(path: string, options: ReadOptions = {}): Promise<string> {
    return decoder.decode(await this.read(path, options));
  }

  /** A directory's entries; default the workspace root. */
  async list(path = "", options: CallOptions = {}): Promise<FileEntry[]> {
    const request = { workspaceId: this.id, path };
    const r = await call(options, (o) => this.api.workspaces.listWorkspaceDir(request, o));
    return r.entries.map(fileEntry);
  }

  async stat(path: string, options: CallOptions = {}): Promise<FileEntry> {
    const request = { workspaceId: this.id, path };
    const r = await call(options, (o) => this.api.workspaces.statWorkspacePath(request, o));
    return fileEntry(r.info);
  }

  async mkdir(path: string, options: CallOptions & { parents?: boolean } = {}): Promise<string> {
    const request = { workspaceId: this.id, path, parents: options.parents ?? false };
    return (await call(options, (o) => this.api.workspaces.makeWorkspaceDir(request, o))).path;
  }

  async remove(path: string, options: CallOptions & { recursive?: boolean } = {}): Promise<void> {
    const request = { workspaceId: this.id, path, recursive: options.recursive ?? false };
    await call(options, (o) => this.api.workspaces.removeWorkspacePath(request, o));
  }

  /** Streams a file in, of any size (over fetch: one write of at most 16 MiB). */
  async upload(path: string, data: FileData, options: CallOptions = {}): Promise<WrittenFile> {
    if (!this.api.streamsRequests) return this.write(path, await wholeFile(data), options);
    const messages = uploadMessages(data, { workspaceId: this.id, path });
    const r = await call(options, (o) => this.api.workspaces.uploadWorkspaceFile(messages, o));
    return { path: r.path, size: Number(r.size) };
  }

  downloadStream(path: string, options: CallOptions = {}): AsyncIterable<Uint8Array> {
    const request = { workspaceId: this.id, path };
    return dataOf(
      callStream(options, (o) => this.api.workspaces.downloadWorkspaceFile(request, o)),
    );
  }

  download(path: string, options: CallOptions = {}): Promise<Uint8Array> {
    return collect(this.downloadStream(path, options));
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
