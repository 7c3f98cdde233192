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
  /** Start the command as a job (session.jobs) and answer its jobId at once. */
  background?: boolean;
  /**
   * "kill" (default): a command past timeoutMs is stopped. "detach": it runs
   * as a job from the start, and one still running at the timeout is left
   * running and answered with its jobId, timedOut and the output so far. A
   * job runs beside the shell: its cd and exports do not carry over.
   */
  onTimeout?: "kill" | "detach";
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
  /**
   * Set when the command runs (or goes on running) as a job; exitCode is
   * then -1 while it still runs.
   */
  jobId?: string;
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

export type JobStatus = "running" | "exited";

/** A command running (or that ran) beside the session's shell. */
export interface JobInfo {
  /** "j" and digits, unique within its session. */
  id: string;
  cmd: string;
  status: JobStatus;
  /** Set once the job ended: 128 + n when signal n ended it. */
  exitCode?: number;
  /** The signal that ended it ("SIGTERM"); "" when it exited by itself or runs. */
  signal: string;
  /** The directory it started in. */
  cwd: string;
  startedAt?: Date;
  endedAt?: Date;
  /** Bytes it wrote to stdout and stderr in all. */
  outputBytes: number;
  /** How many of the oldest of those the output ring no longer holds. */
  droppedBytes: number;
}

/**
 * What attaching to a job yields: first `dropped` when the ring lost the
 * oldest output, then its output as text, last `ended` with its final state.
 */
export type JobEvent =
  | { type: "output"; data: string }
  | { type: "dropped"; bytes: number }
  | { type: "ended"; job: JobInfo };

export type JobSignal =
  | "SIGTERM"
  | "SIGKILL"
  | "SIGINT"
  | "SIGHUP"
  | "SIGQUIT"
  | "SIGUSR1"
  | "SIGUSR2";

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
