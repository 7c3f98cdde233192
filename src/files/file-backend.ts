/** A path: text, or the exact bytes of a name that is not valid UTF-8. */
export type FilePath = string | Uint8Array;

/** A file or directory as a listing or a stat shows it. */
export interface FileEntry {
  /** The name as text: bytes that are not valid UTF-8 show as U+FFFD. */
  name: string;
  path: string;
  /** The exact bytes of name and path, set (non-empty) only when they are not valid UTF-8. */
  nameBytes: Uint8Array;
  pathBytes: Uint8Array;
  isDir: boolean;
  isSymlink: boolean;
  size: bigint;
  mode: number;
  modifiedAt: { seconds: bigint; nanos: number } | undefined;
}

export interface FileContent {
  path: string;
  /** At most the read's maxBytes. */
  content: Uint8Array;
  /** The whole file's size. */
  size: bigint;
  truncated: boolean;
}

export interface Listing {
  path: string;
  entries: FileEntry[];
  /** There were more entries than a listing holds. */
  truncated: boolean;
}

export interface WrittenFile {
  path: string;
  size: bigint;
}

/** Every call may be given the request's signal; a backend stops what it can when it aborts. */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * The files of one target (a session or a workspace), whatever reaches
 * them. Errors are DomainErrors, or a runner's ConnectErrors as it sent them.
 */
export interface FileBackend {
  /** maxBytes: undefined for the daemon's maximum. */
  read(path: FilePath, o: CallOptions & { maxBytes?: number }): Promise<FileContent>;
  /** Creates or replaces a file; mode: permission bits of a new file (undefined or 0 for 0644). */
  write(
    path: FilePath,
    content: Uint8Array,
    o: CallOptions & { mode?: number },
  ): Promise<WrittenFile>;
  /** Like write, with the bytes as they arrive. */
  upload(path: FilePath, data: AsyncIterable<Uint8Array>, o: CallOptions): Promise<WrittenFile>;
  /** A file's bytes, at the consumer's pace. */
  download(path: FilePath, o: CallOptions): AsyncIterable<Uint8Array>;
  list(path: FilePath, o: CallOptions): Promise<Listing>;
  stat(path: FilePath, o: CallOptions): Promise<FileEntry>;
  /** parents: create missing parents, and no error when the directory exists. */
  makeDir(path: FilePath, o: CallOptions & { parents: boolean }): Promise<{ path: string }>;
  remove(path: FilePath, o: CallOptions & { recursive: boolean }): Promise<void>;
}
