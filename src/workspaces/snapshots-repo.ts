import type { Selectable } from "kysely";
import type { Db } from "../store/database.js";
import type { SnapshotsTable } from "../store/schema.js";

export type SnapshotRow = Selectable<SnapshotsTable>;

/** The snapshots table; a workspace's rows go with its row (ON DELETE CASCADE). */
export class SnapshotsRepo {
  constructor(private readonly db: Db) {}

  get(workspaceId: string, name: string): Promise<SnapshotRow | undefined> {
    return this.db
      .selectFrom("snapshots")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("name", "=", name)
      .executeTakeFirst();
  }

  /** Oldest first. */
  list(workspaceId: string): Promise<SnapshotRow[]> {
    return this.db
      .selectFrom("snapshots")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .orderBy("created_at")
      .orderBy("name")
      .execute();
  }

  async insert(row: SnapshotRow): Promise<void> {
    await this.db.insertInto("snapshots").values(row).execute();
  }

  async delete(workspaceId: string, name: string): Promise<void> {
    await this.db
      .deleteFrom("snapshots")
      .where("workspace_id", "=", workspaceId)
      .where("name", "=", name)
      .execute();
  }
}
