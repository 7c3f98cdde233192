import type { Kysely } from "kysely";

/** Owners of sessions and workspaces, the API keys kept by `sandkasten keys`, and sessions' egress. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["sessions", "workspaces"]) {
    await db.schema
      .alterTable(table)
      .addColumn("tenant", "text", (c) => c.notNull().defaultTo("default"))
      .execute();
  }
  await db.schema
    .alterTable("sessions")
    .addColumn("mem_limit_mb", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // The session's egress: "none", or "allowlist" with its entries as JSON.
  await db.schema
    .alterTable("sessions")
    .addColumn("network", "text", (c) => c.notNull().defaultTo("none"))
    .execute();
  await db.schema
    .alterTable("sessions")
    .addColumn("allow", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .createIndex("sessions_tenant")
    .on("sessions")
    .columns(["tenant", "status"])
    .execute();
  await db.schema.createIndex("workspaces_tenant").on("workspaces").column("tenant").execute();
  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("hint", "text", (c) => c.notNull())
    .addColumn("tenant", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("max_sessions", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_workspaces", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_memory_mb", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("revoked_at", "integer")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("api_keys").execute();
  await db.schema.dropIndex("workspaces_tenant").execute();
  await db.schema.dropIndex("sessions_tenant").execute();
  await db.schema.alterTable("sessions").dropColumn("mem_limit_mb").execute();
  await db.schema.alterTable("sessions").dropColumn("allow").execute();
  await db.schema.alterTable("sessions").dropColumn("network").execute();
  for (const table of ["workspaces", "sessions"]) {
    await db.schema.alterTable(table).dropColumn("tenant").execute();
  }
}
