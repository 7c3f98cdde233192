import { FILE_READ_MAX_BYTES } from "../limits.js";
import type { Principal } from "../tenants/principal.js";
import { rooted, type WorkspaceFiles } from "../workspaces/workspace-files.js";
import type { WorkspaceManager } from "../workspaces/workspace-manager.js";
import type {
  CallOptions,
  FileBackend,
  FileContent,
  FileEntry,
  FilePath,
  Listing,
  WrittenFile,
} from "./file-backend.js";
import { wsfsEntry } from "./wsfs-entry.js";

/** What one listing holds at the most (as a runner's does). */
const MAX_ENTRIES = 10_000;

/**
 * A workspace's files, through the confined helper (wsfs). Reads need the
 * workspace to exist; writes create it for the caller, and stay within the
 * room its quota leaves. The signal stops the calls that stream (write,
 * upload, download); the others are short and run to their end.
 */
export class WsfsFileBackend implements FileBackend {
  constructor(
    private readonly workspaces: WorkspaceManager,
    private readonly workspaceId: string,
    private readonly caller: Principal,
  ) {}

  async read(path: FilePath, o: { maxBytes?: number }): Promise<FileContent> {
    const { maxBytes = FILE_READ_MAX_BYTES } = o;
    const { size, content } = await (await this.existing()).read(path, maxBytes);
    return { path: rooted(path), content, size: BigInt(size), truncated: size > content.length };
  }

  write(
    path: FilePath,
    content: Uint8Array,
    o: CallOptions & { mode?: number },
  ): Promise<WrittenFile> {
    return this.writeFrom(path, [content], o);
  }

  upload(path: FilePath, data: AsyncIterable<Uint8Array>, o: CallOptions): Promise<WrittenFile> {
    return this.writeFrom(path, data, o);
  }

  async *download(path: FilePath, o: CallOptions): AsyncGenerator<Uint8Array> {
    yield* (await this.existing()).download(path, o.signal);
  }

  async list(path: FilePath): Promise<Listing> {
    const listing = await (await this.existing()).list(path, MAX_ENTRIES);
    return {
      path: listing.path,
      entries: listing.entries.map(wsfsEntry),
      truncated: listing.truncated,
    };
  }

  async stat(path: FilePath): Promise<FileEntry> {
    return wsfsEntry(await (await this.existing()).stat(path));
  }

  async makeDir(path: FilePath, o: { parents: boolean }): Promise<{ path: string }> {
    const made = await (await this.forWrite()).mkdir(path, o.parents);
    return { path: made.path };
  }

  async remove(path: FilePath, o: { recursive: boolean }): Promise<void> {
    await (await this.existing()).remove(path, o.recursive);
  }

  private async writeFrom(
    path: FilePath,
    data: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    o: CallOptions & { mode?: number },
  ): Promise<WrittenFile> {
    const files = await this.forWrite();
    const limit = await this.workspaces.room(files);
    const written = await files.write(path, data, { mode: o.mode, limit, signal: o.signal });
    return { path: written.path, size: BigInt(written.size) };
  }

  private existing(): Promise<WorkspaceFiles> {
    return this.workspaces.files(this.workspaceId);
  }

  private forWrite(): Promise<WorkspaceFiles> {
    return this.workspaces.filesForWrite(this.workspaceId, this.caller);
  }
}
