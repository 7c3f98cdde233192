import type { Selectable } from "kysely";
import type { Db } from "./database.js";
import type { WorkspacesTable } from "./schema.js";

export type WorkspaceRow = Selectable<WorkspacesTable>;

export class WorkspacesRepo {
  constructor(private readonly db: Db) {}

  /**
   * The workspace's row, made for `tenant` when there is none yet, after
   * `check` accepted how many the tenant has (one transaction). Returns the
   * owner.
   */
  async claim(
    id: string,
    driver: string,
    tenant: string,
    check: (workspaces: number) => void,
    now = Date.now(),
  ): Promise<string> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom("workspaces")
        .select("tenant")
        .where("id", "=", id)
        .executeTakeFirst();
      if (row) {
        await tx
          .updateTable("workspaces")
          .set({ last_used_at: now })
          .where("id", "=", id)
          .execute();
        return row.tenant;
      }
      const { n } = await tx
        .selectFrom("workspaces")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("tenant", "=", tenant)
        .executeTakeFirstOrThrow();
      check(Number(n));
      await tx
        .insertInto("workspaces")
        .values({ id, driver, tenant, created_at: now, last_used_at: now })
        .execute();
      return tenant;
    });
  }

  async upsertUsed(id: string, driver: string, now = Date.now()): Promise<void> {
    await this.db
      .insertInto("workspaces")
      .values({ id, driver, created_at: now, last_used_at: now })
      .onConflict((oc) => oc.column("id").doUpdateSet({ last_used_at: now }))
      .execute();
  }

  get(id: string): Promise<WorkspaceRow | undefined> {
    return this.db.selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirst();
  }

  list(): Promise<WorkspaceRow[]> {
    return this.db.selectFrom("workspaces").selectAll().orderBy("id").execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("workspaces").where("id", "=", id).execute();
  }

  /** Sessions that have the workspace mounted now. */
  async attachedSessions(id: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom("sessions")
      .select("id")
      .where("workspace_id", "=", id)
      .where("status", "in", ["creating", "running"])
      .orderBy("seq")
      .execute();
    return rows.map((r) => r.id);
  }
}
