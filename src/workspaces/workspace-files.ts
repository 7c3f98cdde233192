import { Code, ConnectError } from "@connectrpc/connect";
import type { Wsfs } from "./wsfs.js";

export interface WsfsFileInfo {
  name: string;
  path: string;
  is_dir: boolean;
  is_symlink: boolean;
  size: number;
  mode: number;
  modified_at_ns: number;
}

/** Paths are given to wsfs with a leading "/", so that no path reads as an option. */
export function rooted(path: string): string {
  return path.startsWith("/") ? path : `/${path}`;
}

/** File operations on one workspace root, through the confined helper. */
export class WorkspaceFiles {
  constructor(
    private readonly wsfs: Wsfs,
    readonly root: string,
  ) {}

  stat(path: string): Promise<WsfsFileInfo> {
    return this.wsfs.json(this.root, "stat", [rooted(path)]);
  }

  list(
    path: string,
    max: number,
  ): Promise<{ path: string; entries: WsfsFileInfo[]; truncated: boolean }> {
    return this.wsfs.json(this.root, "list", [rooted(path), `${max}`]);
  }

  async read(path: string, maxBytes: number): Promise<{ size: number; content: Buffer }> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.wsfs.stream(this.root, "read", [rooted(path), `${maxBytes}`]))
      chunks.push(chunk);
    const all = Buffer.concat(chunks);
    const newline = all.indexOf(10);
    if (newline < 0) throw new ConnectError("workspace read: malformed answer", Code.Internal);
    const header = JSON.parse(all.subarray(0, newline).toString("utf8")) as { size: number };
    return { size: header.size, content: all.subarray(newline + 1) };
  }

  /** Streams a file's bytes (the size line is dropped). */
  async *download(path: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
    let headerDone = false;
    let pending = Buffer.alloc(0);
    for await (const chunk of this.wsfs.stream(
      this.root,
      "read",
      [rooted(path), `${Number.MAX_SAFE_INTEGER}`],
      undefined,
      signal,
    )) {
      if (headerDone) {
        yield chunk;
        continue;
      }
      pending = Buffer.concat([pending, chunk]);
      const newline = pending.indexOf(10);
      if (newline < 0) continue;
      headerDone = true;
      const rest = pending.subarray(newline + 1);
      if (rest.length > 0) yield rest;
    }
  }

  write(
    path: string,
    data: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    o: { mode?: number; limit?: number; signal?: AbortSignal } = {},
  ): Promise<{ path: string; size: number }> {
    const args = [rooted(path)];
    if (o.mode) args.push("--mode", `0${o.mode.toString(8)}`);
    if (o.limit !== undefined) args.push("--limit", `${Math.max(0, o.limit)}`);
    return this.wsfs.json(this.root, "write", args, toAsync(data), o.signal);
  }

  mkdir(path: string, parents: boolean): Promise<{ path: string }> {
    return this.wsfs.json(this.root, "mkdir", [rooted(path), ...(parents ? ["-p"] : [])]);
  }

  remove(path: string, recursive: boolean): Promise<{ path: string }> {
    return this.wsfs.json(this.root, "remove", [rooted(path), ...(recursive ? ["-r"] : [])]);
  }

  du(): Promise<{ bytes: number; files: number; dirs: number }> {
    return this.wsfs.json(this.root, "du", []);
  }

  exportTar(signal?: AbortSignal): AsyncGenerator<Buffer> {
    return this.wsfs.stream(this.root, "tar-out", [], undefined, signal);
  }

  importTar(
    data: AsyncIterable<Uint8Array>,
    o: { limit?: number; signal?: AbortSignal } = {},
  ): Promise<{ files: number; dirs: number; symlinks: number; bytes: number }> {
    const args = o.limit !== undefined ? ["--limit", `${Math.max(0, o.limit)}`] : [];
    return this.wsfs.json(this.root, "tar-in", args, data, o.signal);
  }
}

async function* toAsync(
  data: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield* data;
}
