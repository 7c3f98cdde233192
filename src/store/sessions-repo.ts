import type { Insertable, Selectable, Transaction, Updateable } from "kysely";
import type { TenantUsage } from "../tenants/quota-check.js";
import type { Db } from "./database.js";
import type { Database, SessionsTable } from "./schema.js";

export type SessionRow = Selectable<SessionsTable>;
export type NewSessionRow = Insertable<SessionsTable>;

const LIVE = ["creating", "running"];

async function usageOf(db: Db | Transaction<Database>, tenant: string): Promise<TenantUsage> {
  const usage = await db
    .selectFrom("sessions")
    .select((eb) => [
      eb.fn.countAll<number>().as("live"),
      eb.fn.coalesce(eb.fn.sum<number>("mem_limit_mb"), eb.lit(0)).as("memory"),
    ])
    .where("tenant", "=", tenant)
    .where("status", "in", LIVE)
    .executeTakeFirstOrThrow();
  return { liveSessions: Number(usage.live), memoryMb: Number(usage.memory) };
}

export class SessionsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: NewSessionRow): Promise<void> {
    await this.db.insertInto("sessions").values(row).execute();
  }

  /**
   * Inserts the row after `check` accepted what its tenant holds, in one
   * transaction: two creates can't both pass a quota with room for one.
   */
  async insertChecked(row: NewSessionRow, check: (usage: TenantUsage) => void): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      check(await usageOf(tx, row.tenant ?? "default"));
      await tx.insertInto("sessions").values(row).execute();
    });
  }

  /** The tenant's live sessions and the memory they were given. */
  usage(tenant: string): Promise<TenantUsage> {
    return usageOf(this.db, tenant);
  }

  async get(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Sessions that are not destroyed, oldest first. */
  async listVisible(): Promise<SessionRow[]> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where("status", "!=", "destroyed")
      .orderBy("seq")
      .execute();
  }

  /** Sessions in one of these states (destroyed ones too, when asked for), oldest first. */
  async listByStatus(statuses: readonly string[]): Promise<SessionRow[]> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where("status", "in", statuses)
      .orderBy("seq")
      .execute();
  }

  async listLive(): Promise<SessionRow[]> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where("status", "in", LIVE)
      .orderBy("seq")
      .execute();
  }

  /**
   * Running sessions whose time is up. A session still being created is left
   * to its create call, which may take longer than a short ttl: reaping it
   * then would pull the container from under it.
   */
  async listExpired(now: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom("sessions")
      .selectAll()
      .where("status", "=", "running")
      .where("expires_at", "<=", now)
      .execute();
  }

  async update(id: string, patch: Updateable<SessionsTable>): Promise<void> {
    await this.db.updateTable("sessions").set(patch).where("id", "=", id).execute();
  }

  /** Several rows' last activity and cwd, in one transaction. */
  async updateActivity(
    changes: ReadonlyMap<string, { last_activity: number; cwd?: string }>,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const [id, change] of changes) {
        await tx
          .updateTable("sessions")
          .set({ last_activity: change.last_activity, ...(change.cwd ? { cwd: change.cwd } : {}) })
          .where("id", "=", id)
          .execute();
      }
    });
  }

  /** Updates the row only while its status is `from`; says whether it did. */
  async updateIfStatus(
    id: string,
    from: SessionsTable["status"],
    patch: Updateable<SessionsTable>,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable("sessions")
      .set(patch)
      .where("id", "=", id)
      .where("status", "=", from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
