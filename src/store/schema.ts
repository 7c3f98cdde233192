import type { Generated } from "kysely";

export interface SessionsTable {
  id: string;
  image: string;
  container_id: string;
  /** creating | running | expired | destroyed | failed */
  status: string;
  status_reason: string;
  cwd: string;
  workspace_id: string | null;
  /** Host directory bind-mounted at /run/sandkasten; holds the runner's socket. */
  socket_dir: string;
  created_at: number;
  expires_at: number;
  last_activity: number;
  /** 1 when the container came from the pool. */
  pooled: Generated<number>;
  pool_miss_reason: Generated<string>;
  seq: Generated<number>;
  /** Who owns it: the tenant of the API key that created it. */
  tenant: Generated<string>;
  /** The memory limit it was given, counted against its tenant's max_memory_mb. */
  mem_limit_mb: Generated<number>;
  /** none | allowlist */
  network: Generated<string>;
  /** The allowlist's entries, a JSON array of strings. */
  allow: Generated<string>;
}

export interface WorkspacesTable {
  id: string;
  /** volume | directory */
  driver: string;
  created_at: number;
  last_used_at: number;
  tenant: Generated<string>;
}

export interface SnapshotsTable {
  workspace_id: string;
  name: string;
  created_at: number;
  /** Bytes of regular files. */
  size_bytes: number;
  files: number;
  dirs: number;
  symlinks: number;
  /** The paths not copied (devices, FIFOs, sockets), a JSON array of at most 100. */
  skipped: string;
  skipped_count: number;
}

export interface ApiKeysTable {
  /** Shown and used to revoke it; the key itself is kept only as its SHA-256. */
  id: string;
  key_hash: string;
  /** The key's last four characters, to tell keys apart in a list. */
  hint: string;
  tenant: string;
  /** admin | user */
  role: string;
  /** 0: no limit. */
  max_sessions: number;
  max_workspaces: number;
  max_memory_mb: number;
  created_at: number;
  revoked_at: number | null;
}

export interface Database {
  sessions: SessionsTable;
  workspaces: WorkspacesTable;
  api_keys: ApiKeysTable;
  snapshots: SnapshotsTable;
}
