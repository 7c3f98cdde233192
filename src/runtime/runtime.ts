import type { EgressAttachment } from "../egress/session-egress.js";
import type { RunnerAddress } from "../runner-client/runner-address.js";
import type { Limits } from "../sessions/limits.js";

/** How long a new sandbox's runner gets to listen, and a pool sandbox's runner to warm up or activate. */
export const RUNNER_READY_TIMEOUT_MS = 20_000;

/**
 * One session's sandbox as the store keeps it (the session row's
 * container_id, socket_dir and pooled): enough to find it again, after a
 * restart too.
 */
export interface Sandbox {
  sessionId: string;
  /** The runtime's name for it (Docker: the container id); "" until create() answered. */
  id: string;
  /** The host directory of the runner's socket, where the runtime has one. */
  socketDir: string;
  /** Made for the pool: its shell waited for Activate, and a workspace may be attached to it. */
  pooled: boolean;
}

/** Where a workspace's files are, to be mounted at /workspace. */
export type WorkspaceMount =
  | { kind: "volume"; name: string }
  | { kind: "directory"; hostPath: string };

/** What a session's sandbox runs, and with what. */
export interface SandboxSpec {
  image: string;
  /** The session's variables, for its shell. */
  env: Record<string, string>;
  limits: Limits;
  /** Without one, an empty /workspace that goes with the sandbox (a pooled one's can be attached later). */
  workspace?: WorkspaceMount;
  /** For network "allowlist": the session's own network and proxy; without it, defaults.network_mode. */
  egress?: EgressAttachment;
}

export interface SandboxState {
  running: boolean;
  /** -1 while it runs or when it is gone. */
  exitCode: number;
}

/** A sandbox that carries this daemon's instance label. */
export interface ListedSandbox {
  id: string;
  /** "" when it carries no session label. */
  sessionId: string;
  running: boolean;
}

/** What a sandbox holds now. */
export interface SandboxStats {
  /** Memory in use without the page cache that can be dropped (inactive file pages). */
  memoryBytes: bigint;
  /** The most memory ever in use (page cache included), where the kernel tells. */
  memoryPeakBytes: bigint;
  memoryLimit: bigint;
  cpuUsageUsec: bigint;
  pids: number;
}

export interface SweepReport {
  removedVolumes: number;
  /** Workspaces whose storage carries this daemon's label (the store adopts those it lost). */
  workspaces: string[];
}

/**
 * Where sessions' sandboxes run: made, started, found, measured and removed
 * here; everything inside one goes through its runner (docs/runtime.md).
 */
export interface SessionRuntime {
  /** A new session's sandbox before it is made (its id still ""). */
  sandboxFor(sessionId: string, pooled: boolean): Sandbox;
  /** Makes and starts it; returns its id. A pooled one's shell waits for the runner's Activate. */
  create(sandbox: Sandbox, spec: SandboxSpec): Promise<string>;
  /** Waits until its runner listens; fails, with what the sandbox last said, when it does not. */
  waitForRunner(sandbox: Sandbox): Promise<void>;
  runnerAddress(sandbox: Sandbox): RunnerAddress;
  /** Whether something still answers at the runner's address (a killed runner leaves its socket). */
  runnerListens(sandbox: Sandbox): Promise<boolean>;
  inspect(sandbox: Sandbox): Promise<SandboxState>;
  stats(sandbox: Sandbox): Promise<SandboxStats>;
  /** Puts a workspace (its files on this host) at a running pooled sandbox's /workspace. */
  attachWorkspace(sandbox: Sandbox, hostPath: string): Promise<void>;
  /** Removes it (found by name when create never answered) and what it owns; gone is fine. */
  destroy(sandbox: Sandbox): Promise<void>;
  /**
   * After a destroy that failed (the engine away) of a sandbox given up on:
   * removes its files on this host; the next start-up's reconcile removes it.
   */
  forget(sandbox: Sandbox): void;
  /** Every sandbox that carries this daemon's instance label, running or not. */
  list(): Promise<ListedSandbox[]>;
  /** Removes a listed sandbox no live session owns; false when it was gone already. */
  remove(id: string): Promise<boolean>;
  /** Removes what sessions not in `live` left beside their sandboxes (volumes, host directories). */
  sweep(live: ReadonlySet<string>): Promise<SweepReport>;
  /** Calls that failed for want of an engine (not for its answers). */
  readonly engineFailureCount: number;
  close(): void;
}
