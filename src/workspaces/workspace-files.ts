import { DomainError } from "../errors/domain-error.js";
import type { Wsfs } from "./wsfs.js";

export interface WsfsFileInfo {
  name: string;
  path: string;
  /** base64 of the exact bytes, when they are not valid UTF-8. */
  name_bytes?: string;
  path_bytes?: string;
  is_dir: boolean;
  is_symlink: boolean;
  size: number;
  mode: number;
  modified_at_ns: number;
}

/** A path in a workspace: text, or raw bytes for names that are not UTF-8. */
export type WorkspacePath = string | Uint8Array;

/** A path as the caller sees it, with a leading "/". */
export function rooted(path: WorkspacePath): string {
  const text = typeof path === "string" ? path : Buffer.from(path).toString("utf8");
  return text.startsWith("/") ? text : `/${text}`;
}

/** The path of a listed entry, exact even when its name is not UTF-8. */
export function entryPath(f: WsfsFileInfo): WorkspacePath {
  return f.path_bytes === undefined ? f.path : Buffer.from(f.path_bytes, "base64");
}

/** wsfs takes paths as base64 (`--paths base64`), so every byte gets through. */
function pathArg(path: WorkspacePath): string {
  const bytes = typeof path === "string" ? Buffer.from(path, "utf8") : Buffer.from(path);
  return bytes.toString("base64");
}

/** File operations on one workspace root, through the confined helper. */
export class WorkspaceFiles {
  constructor(
    private readonly wsfs: Wsfs,
    readonly root: string,
  ) {}

  stat(path: WorkspacePath): Promise<WsfsFileInfo> {
    return this.wsfs.json(this.root, "stat", [pathArg(path)]);
  }

  list(
    path: WorkspacePath,
    max: number,
  ): Promise<{ path: string; entries: WsfsFileInfo[]; truncated: boolean }> {
    return this.wsfs.json(this.root, "list", [pathArg(path), `${max}`]);
  }

  async read(path: WorkspacePath, maxBytes: number): Promise<{ size: number; content: Buffer }> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.wsfs.stream(this.root, "read", [pathArg(path), `${maxBytes}`]))
      chunks.push(chunk);
    const all = Buffer.concat(chunks);
    const newline = all.indexOf(10);
    if (newline < 0) throw new DomainError("internal", "workspace read: malformed answer");
    const header = JSON.parse(all.subarray(0, newline).toString("utf8")) as { size: number };
    return { size: header.size, content: all.subarray(newline + 1) };
  }

  /** Streams a file's bytes (the size line is dropped). */
  async *download(path: WorkspacePath, signal?: AbortSignal): AsyncGenerator<Buffer> {
    let headerDone = false;
    let pending = Buffer.alloc(0);
    for await (const chunk of this.wsfs.stream(
      this.root,
      "read",
      [pathArg(path), `${Number.MAX_SAFE_INTEGER}`],
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
    path: WorkspacePath,
    data: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    o: { mode?: number; limit?: number; signal?: AbortSignal } = {},
  ): Promise<{ path: string; size: number }> {
    const args = [pathArg(path)];
    if (o.mode) args.push("--mode", `0${o.mode.toString(8)}`);
    if (o.limit !== undefined) args.push("--limit", `${Math.max(0, o.limit)}`);
    return this.wsfs.json(this.root, "write", args, toAsync(data), o.signal);
  }

  mkdir(path: WorkspacePath, parents: boolean): Promise<{ path: string }> {
    return this.wsfs.json(this.root, "mkdir", [pathArg(path), ...(parents ? ["-p"] : [])]);
  }

  remove(path: WorkspacePath, recursive: boolean): Promise<{ path: string }> {
    return this.wsfs.json(this.root, "remove", [pathArg(path), ...(recursive ? ["-r"] : [])]);
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
