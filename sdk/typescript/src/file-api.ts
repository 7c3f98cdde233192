// The file calls of one tree, written once: a session's files (FsService)
// and a workspace's (WorkspaceService) differ only in their FileRpcs.
import { collect, toBytes } from "./bytes.js";
import { call, callStream } from "./calls.js";
import { fileEntry } from "./convert.js";
import type { FileRpcs } from "./file-rpcs.js";
import { dataOf, uploadMessages, wholeFile } from "./file-streams.js";
import type { CallOptions, FileData, FileEntry, WrittenFile } from "./types.js";

export interface ReadOptions extends CallOptions {
  /** Read at most this many bytes; default (and maximum) 16 MiB. Larger: download(). */
  maxBytes?: number;
}

export interface WriteOptions extends CallOptions {
  /** Permission bits for a new file, e.g. 0o755; default 0o644. */
  mode?: number;
}

const decoder = new TextDecoder();

export class FileApi<Address extends object> {
  constructor(
    private readonly address: Address,
    private readonly rpcs: FileRpcs<Address>,
    /** False over fetch: upload() is then one write of at most 16 MiB. */
    private readonly streamsRequests: boolean,
  ) {}

  /** Creates or replaces a file (up to 16 MiB). */
  async write(
    path: string,
    content: string | Uint8Array,
    options: WriteOptions = {},
  ): Promise<WrittenFile> {
    const request = { ...this.address, path, content: toBytes(content), mode: options.mode ?? 0 };
    const r = await call(options, (o) => this.rpcs.writeFile(request, o));
    return { path: r.path, size: Number(r.size) };
  }

  /** A file's bytes (up to 16 MiB; larger files: download()). */
  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const request = { ...this.address, path, maxBytes: BigInt(options.maxBytes ?? 0) };
    return (await call(options, (o) => this.rpcs.readFile(request, o))).content;
  }

  /** A file's content as UTF-8 text. */
  async readText(path: string, options: ReadOptions = {}): Promise<string> {
    return decoder.decode(await this.read(path, options));
  }

  /** A directory's entries; default the tree's root. */
  async list(path = "", options: CallOptions = {}): Promise<FileEntry[]> {
    const request = { ...this.address, path };
    const r = await call(options, (o) => this.rpcs.listDir(request, o));
    return r.entries.map(fileEntry);
  }

  async stat(path: string, options: CallOptions = {}): Promise<FileEntry> {
    const request = { ...this.address, path };
    return fileEntry((await call(options, (o) => this.rpcs.stat(request, o))).info);
  }

  async remove(path: string, options: CallOptions & { recursive?: boolean } = {}): Promise<void> {
    const request = { ...this.address, path, recursive: options.recursive ?? false };
    await call(options, (o) => this.rpcs.remove(request, o));
  }

  /** Creates a directory and returns its absolute path. */
  async mkdir(path: string, options: CallOptions & { parents?: boolean } = {}): Promise<string> {
    const request = { ...this.address, path, parents: options.parents ?? false };
    return (await call(options, (o) => this.rpcs.makeDir(request, o))).path;
  }

  /** Streams a file in, of any size (over fetch: one write of at most 16 MiB). */
  async upload(path: string, data: FileData, options: CallOptions = {}): Promise<WrittenFile> {
    if (!this.streamsRequests) return this.write(path, await wholeFile(data), options);
    const messages = uploadMessages(data, { ...this.address, path });
    const r = await call(options, (o) => this.rpcs.upload(messages, o));
    return { path: r.path, size: Number(r.size) };
  }

  /** A file's chunks as they arrive, without holding it whole. */
  downloadStream(path: string, options: CallOptions = {}): AsyncIterable<Uint8Array> {
    const request = { ...this.address, path };
    return dataOf(callStream(options, (o) => this.rpcs.download(request, o)));
  }

  /** A whole file, of any size, streamed in chunks and joined. */
  download(path: string, options: CallOptions = {}): Promise<Uint8Array> {
    return collect(this.downloadStream(path, options));
  }
}
