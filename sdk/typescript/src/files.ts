// File operations inside a session's container; Session delegates to these.
import type { Api } from "./api.js";
import { chunks, collect, toBytes } from "./bytes.js";
import { call, callStream } from "./calls.js";
import { fileEntry } from "./convert.js";
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

export class SessionFiles {
  constructor(
    private readonly api: Api,
    private readonly sessionId: string,
  ) {}

  async write(
    path: string,
    content: string | Uint8Array,
    options: WriteOptions = {},
  ): Promise<WrittenFile> {
    const request = {
      sessionId: this.sessionId,
      path,
      content: toBytes(content),
      mode: options.mode ?? 0,
    };
    const r = await call(options, (o) => this.api.fs.writeFile(request, o));
    return { path: r.path, size: Number(r.size) };
  }

  async read(path: string, options: ReadOptions = {}): Promise<Uint8Array> {
    const request = { sessionId: this.sessionId, path, maxBytes: BigInt(options.maxBytes ?? 0) };
    return (await call(options, (o) => this.api.fs.readFile(request, o))).content;
  }

  async readText(path: string, options: ReadOptions = {}): Promise<string> {
    return decoder.decode(await this.read(path, options));
  }

  async list(path = "", options: CallOptions = {}): Promise<FileEntry[]> {
    const request = { sessionId: this.sessionId, path };
    const r = await call(options, (o) => this.api.fs.listDir(request, o));
    return r.entries.map(fileEntry);
  }

  async stat(path: string, options: CallOptions = {}): Promise<FileEntry> {
    const request = { sessionId: this.sessionId, path };
    return fileEntry((await call(options, (o) => this.api.fs.stat(request, o))).info);
  }

  async remove(path: string, options: CallOptions & { recursive?: boolean } = {}): Promise<void> {
    const request = { sessionId: this.sessionId, path, recursive: options.recursive ?? false };
    await call(options, (o) => this.api.fs.remove(request, o));
  }

  async mkdir(path: string, options: CallOptions & { parents?: boolean } = {}): Promise<string> {
    const request = { sessionId: this.sessionId, path, parents: options.parents ?? false };
    return (await call(options, (o) => this.api.fs.makeDir(request, o))).path;
  }

  async upload(path: string, data: FileData, options: CallOptions = {}): Promise<WrittenFile> {
    if (!this.api.streamsRequests) return this.write(path, await wholeFile(data), options);
    const messages = uploadMessages(data, { sessionId: this.sessionId, path });
    const r = await call(options, (o) => this.api.fs.upload(messages, o));
    return { path: r.path, size: Number(r.size) };
  }

  downloadStream(path: string, options: CallOptions = {}): AsyncIterable<Uint8Array> {
    const request = { sessionId: this.sessionId, path };
    return dataOf(callStream(options, (o) => this.api.fs.download(request, o)));
  }

  download(path: string, options: CallOptions = {}): Promise<Uint8Array> {
    return collect(this.downloadStream(path, options));
  }
}

/**
 * The messages of a chunked client stream: the first carries `head` (the
 * target), each carries data; an empty file is one message with no data.
 */
export async function* uploadMessages<Head extends object>(
  data: FileData,
  head: Head,
): AsyncGenerator<(Head & { data: Uint8Array }) | { data: Uint8Array }> {
  let first = true;
  for await (const chunk of chunks(data)) {
    yield first ? { ...head, data: chunk } : { data: chunk };
    first = false;
  }
  if (first) yield { ...head, data: new Uint8Array() };
}

/** The whole of FileData, for transports that cannot stream a request body. */
export async function wholeFile(data: FileData): Promise<Uint8Array> {
  return typeof data === "string" || data instanceof Uint8Array
    ? toBytes(data)
    : collect(chunks(data));
}

export async function* dataOf(responses: AsyncIterable<{ data: Uint8Array }>) {
  for await (const r of responses) yield r.data;
}
