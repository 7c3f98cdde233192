import type { Kysely } from "kysely";

/** Workspace snapshots: their files live under <data_dir>/snapshots/<workspace>/<name>. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("snapshots")
    .addColumn("workspace_id", "text", (c) =>
      c.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "integer", (c) => c.notNull())
    .addColumn("size_bytes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("files", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("dirs", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("symlinks", "integer", (c) => c.notNull().defaultTo(0))
    // What was not copied (devices, FIFOs, sockets): a JSON array of paths.
    .addColumn("skipped", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("skipped_count", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("snapshots_pk", ["workspace_id", "name"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("snapshots").execute();
}
