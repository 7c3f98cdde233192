export interface FsServiceOptions {
  /** Directory that relative paths resolve against ("/workspace" in the container). */
  workspaceDir: string;
  /** Upper bound for ReadFile content (16 MiB). */
  maxReadBytes: number;
  /** Upper bound for ListDir entries (10000). */
  maxListEntries: number;
  /** Upper bound for one Upload's total size; defaults to 1 GiB. */
  maxUploadBytes?: number;
}

export type ResolvedFsServiceOptions = Required<FsServiceOptions>;

export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

/** Bytes per read or write syscall when moving large files. */
export const CHUNK_BYTES = 256 * 1024;
