import type { Selectable } from "kysely";
import type { Db } from "../store/database.js";
import type { ApiKeysTable } from "../store/schema.js";

export type ApiKeyRow = Selectable<ApiKeysTable>;

/** The keys `sandkasten keys` made, kept hashed. */
export class ApiKeysRepo {
  constructor(private readonly db: Db) {}

  async insert(row: ApiKeyRow): Promise<void> {
    await this.db.insertInto("api_keys").values(row).execute();
  }

  /** A key that is not revoked, by its hash. */
  findActive(keyHash: string): Promise<ApiKeyRow | undefined> {
    return this.db
      .selectFrom("api_keys")
      .selectAll()
      .where("key_hash", "=", keyHash)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
  }

  list(): Promise<ApiKeyRow[]> {
    return this.db.selectFrom("api_keys").selectAll().orderBy("created_at").execute();
  }

  /** Revokes a key; says whether one was there to revoke. */
  async revoke(id: string, now = Date.now()): Promise<boolean> {
    const result = await this.db
      .updateTable("api_keys")
      .set({ revoked_at: now })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
