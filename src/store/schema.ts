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
}

export interface WorkspacesTable {
  id: string;
  /** volume | directory */
  driver: string;
  created_at: number;
  last_used_at: number;
}

export interface Database {
  sessions: SessionsTable;
  workspaces: WorkspacesTable;
}
