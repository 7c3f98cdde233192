import type { Config } from "../config/load.js";
import type { Logger } from "../log.js";
import type { RunnerClient } from "../runner-client/runner-client.js";
import type { Limits } from "../sessions/limits.js";
import type { SessionRow, SessionsRepo } from "../store/sessions-repo.js";
import type { Principal } from "../tenants/principal.js";
import { checkSessionQuota } from "../tenants/quota-check.js";
import type { WorkspaceManager } from "../workspaces/workspace-manager.js";
import type { PoolEntries } from "./pool-entries.js";
import type { PoolEntry, PoolManager } from "./pool-manager.js";

export interface PooledSession {
  owner: Principal;
  memLimitMb: number;
  image: string;
  ttl: number;
  workspaceId: string;
  env: Record<string, string>;
}

export interface PoolTakeDeps {
  config: Config;
  repo: SessionsRepo;
  entries: PoolEntries;
  log: Logger;
  pool: PoolManager;
  workspaces: () => WorkspaceManager;
  /** Keeps the taken container's runner connection as the session's. */
  keepRunner: (id: string, runner: RunnerClient) => void;
}

/** Sessions made from the pool's ready containers. */
export class PoolTakes {
  constructor(private readonly d: PoolTakeDeps) {}

  /** A ready container when the pool can serve this request, or why not. */
  pick(image: string, limits: Limits): { entry?: PoolEntry; missReason: string } {
    const pool = this.d.pool;
    if (!pool?.enabled) return { missReason: "" };
    if (!pool.isPooled(image)) return { missReason: `image ${image} is not pooled` };
    const defaults = this.d.config.defaults;
    if (
      limits.cpuLimit !== defaults.cpu_limit ||
      limits.memLimitMb !== defaults.mem_limit_mb ||
      limits.pidsLimit !== defaults.pids_limit
    ) {
      return { missReason: "pooled containers have the default limits" };
    }
    const entry = pool.take(image);
    return entry ? { entry, missReason: "" } : { missReason: "the pool was empty" };
  }

  /**
   * A session from a ready container: its workspace bound in and its shell
   * given the session's variables first, then one row written as running
   * (a crash in between leaves a labelled container without a row, which
   * the next start-up's reconcile removes).
   */
  async take(entry: PoolEntry, s: PooledSession): Promise<SessionRow> {
    const started = Date.now();
    const attach = async (): Promise<SessionRow> => {
      const workspaces = s.workspaceId ? this.d.workspaces() : undefined;
      await workspaces?.prepareAttach(s.workspaceId, s.owner);
      const hostPath = await workspaces?.hostPath(s.workspaceId);
      const runner = await this.d.entries.activate(entry, hostPath, s.env);
      const ready = Date.now();
      const row: SessionRow = {
        id: entry.id,
        image: s.image,
        container_id: entry.sandbox.id,
        status: "running",
        status_reason: "",
        cwd: "/workspace",
        workspace_id: s.workspaceId || null,
        socket_dir: entry.sandbox.socketDir,
        created_at: started,
        expires_at: ready + s.ttl * 1000,
        last_activity: ready,
        pooled: 1,
        pool_miss_reason: "",
        tenant: s.owner.tenant,
        mem_limit_mb: s.memLimitMb,
        network: "none",
        allow: "[]",
      } as SessionRow;
      try {
        await this.d.repo.insertChecked(row, (usage) =>
          checkSessionQuota(s.owner, usage, s.memLimitMb),
        );
      } catch (err) {
        runner.close();
        throw err;
      }
      this.d.keepRunner(entry.id, runner);
      return row;
    };
    try {
      const row = s.workspaceId
        ? await this.d.workspaces().exclusively(s.workspaceId, attach)
        : await attach();
      this.d.pool.recordHit(s.image, Date.now() - started);
      this.d.log.info("session created", {
        session: row.id,
        image: s.image,
        pooled: true,
        ms: Date.now() - started,
      });
      return row;
    } catch (err) {
      this.d.log.warn("session create failed", { session: entry.id, error: String(err) });
      await this.d.entries.discard(entry);
      throw err;
    }
  }
}
