// The SDK's plain result types: numbers instead of bigints, Dates instead of
// Timestamps, string unions instead of proto enums.

export type SessionStatus =
  | "creating"
  | "running"
  | "expired"
  | "destroyed"
  | "failed"
  | "pool_idle"
  | "unknown";

export interface SessionInfo {
  id: string;
  /** The full image reference, e.g. "sandbox-runtime:python". */
  image: string;
  status: SessionStatus;
  /** The shell's working directory after the last command. */
  cwd: string;
  /** The persistent workspace mounted at /workspace; "" when ephemeral. */
  workspaceId: string;
  createdAt?: Date;
  expiresAt?: Date;
  lastActivity?: Date;
  containerId: string;
  /** Why the session failed or ended, when it did. */
  statusReason: string;
  /** The container came ready-made from the pool. */
  pooled: boolean;
}

export interface ResourceLimits {
  /** CPUs, e.g. 0.5. */
  cpu?: number;
  memoryMb?: number;
  pids?: number;
}

export interface CreateSessionOptions {
  /** "base", "python", "node" or an allowed full reference; default: the daemon's. */
  image?: string;
  /** Mount this persistent workspace at /workspace (created on first use). */
  workspaceId?: string;
  /** Lifetime; default: the daemon's session_ttl_seconds. */
  ttlSeconds?: number;
  /** Environment variables for the shell. */
  env?: Record<string, string>;
  limits?: ResourceLimits;
  signal?: AbortSignal;
}

export interface ExecOptions {
  /** Stop the command after this long; default: the daemon's maximum. */
  timeoutMs?: number;
  /** Keep ANSI escapes and carriage returns in the output. */
  rawOutput?: boolean;
  /** Cancels the call; AbortSignal.timeout() makes it a TimeoutError. */
  signal?: AbortSignal;
}

export interface ExecResult {
  /** stdout and stderr combined in order, capped at 1 MiB. */
  output: string;
  exitCode: number;
  /** The shell's working directory afterwards. */
  cwd: string;
  durationMs: number;
  /** The command ran past timeoutMs and was stopped. */
  timedOut: boolean;
  /** The output was cut at 1 MiB. */
  truncated: boolean;
  /** The command ended the shell; a fresh one took its place. */
  shellRestarted: boolean;
}

export interface ExecStreamOptions {
  timeoutMs?: number;
  /** Send stderr through stdout so that both keep their exact order. */
  combineOutput?: boolean;
  /** Aborting ends the iteration with a CancelledError and stops the command. */
  signal?: AbortSignal;
}

export type ExecEvent =
  | { type: "stdout" | "stderr"; data: string }
  | {
      type: "exit";
      exitCode: number;
      cwd: string;
      durationMs: number;
      timedOut: boolean;
      shellRestarted: boolean;
    };

export interface FileEntry {
  name: string;
  /** Absolute path (inside the container, or inside the workspace). */
  path: string;
  isDir: boolean;
  isSymlink: boolean;
  size: number;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  modifiedAt?: Date;
  /**
   * The exact bytes of name and path, only when they are not valid UTF-8
   * (name and path then show U+FFFD for what does not decode).
   */
  nameBytes?: Uint8Array;
  pathBytes?: Uint8Array;
}

export interface WrittenFile {
  path: string;
  size: number;
}

/** A whole file, or its content as chunks arriving over time. */
export type FileData = string | Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface SessionStats {
  memoryBytes: number;
  memoryLimit: number;
  cpuUsageUsec: number;
  pids: number;
}

export interface PoolImageStatus {
  image: string;
  target: number;
  ready: number;
  creating: number;
  hits: number;
  misses: number;
  takeP50Ms: number;
  takeP95Ms: number;
}

export interface PoolStatus {
  enabled: boolean;
  images: PoolImageStatus[];
}

export interface WorkspaceInfo {
  id: string;
  /** "volume" or "directory". */
  driver: string;
  createdAt?: Date;
  lastUsedAt?: Date;
  sizeBytes: number;
  /** Sessions that have it mounted now. */
  sessionIds: string[];
  /** Zero when there is no quota. */
  quotaBytes: number;
  overQuota: boolean;
}

export interface ImportResult {
  files: number;
  dirs: number;
  symlinks: number;
  bytes: number;
}

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}
