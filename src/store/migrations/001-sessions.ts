import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("seq", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("id", "text", (c) => c.notNull().unique())
    .addColumn("image", "text", (c) => c.notNull())
    .addColumn("container_id", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("status_reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("cwd", "text", (c) => c.notNull().defaultTo("/workspace"))
    .addColumn("workspace_id", "text")
    .addColumn("socket_dir", "text", (c) => c.notNull())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("expires_at", "integer", (c) => c.notNull())
    .addColumn("last_activity", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_status").on("sessions").column("status").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sessions").execute();
}
