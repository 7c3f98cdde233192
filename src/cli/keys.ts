import { openDatabase } from "../store/database.js";
import { ApiKeysRepo } from "../tenants/api-keys-repo.js";
import { hashApiKey, newApiKey, newKeyId } from "../tenants/key-format.js";
import { isTenantName, type Role, TENANT_RULE } from "../tenants/principal.js";
import { UsageError } from "./cli-args.js";
import { loadCliConfig } from "./config-file.js";
import { printTable } from "./table.js";

export interface KeyCreateOptions {
  configFile: string | undefined;
  tenant: string;
  role: string;
  maxSessions: number;
  maxWorkspaces: number;
  maxMemoryMb: number;
}

/**
 * The keys live in the daemon's database (db_path), kept as their SHA-256:
 * a running daemon takes a new key, or stops taking a revoked one, within a
 * second, without a restart.
 */
async function withKeys<T>(configFile: string | undefined, fn: (repo: ApiKeysRepo) => Promise<T>) {
  const config = loadCliConfig(configFile);
  const db = await openDatabase(config.db_path);
  try {
    return { config, result: await fn(new ApiKeysRepo(db)) };
  } finally {
    await db.destroy();
  }
}

/** Makes a key and prints it once (only its hash is kept). */
export async function createKey(o: KeyCreateOptions): Promise<number> {
  if (!isTenantName(o.tenant)) throw new UsageError(`--tenant ${o.tenant}: ${TENANT_RULE}`);
  if (o.role !== "admin" && o.role !== "user") {
    throw new UsageError(`--role must be admin or user, not ${o.role}`);
  }
  const key = newApiKey();
  const id = newKeyId();
  const { config } = await withKeys(o.configFile, (repo) =>
    repo.insert({
      id,
      key_hash: hashApiKey(key),
      hint: key.slice(-4),
      tenant: o.tenant,
      role: o.role as Role,
      max_sessions: o.maxSessions,
      max_workspaces: o.maxWorkspaces,
      max_memory_mb: o.maxMemoryMb,
      created_at: Date.now(),
      revoked_at: null,
    }),
  );
  process.stdout.write(`${key}\n`);
  process.stderr.write(
    `key ${id} for tenant ${o.tenant} (${o.role}); it is shown only now, keep it\n`,
  );
  if (config.api_key === "" && config.api_keys.length === 0) {
    process.stderr.write(
      "note: this daemon has no api_key, so it answers without any key; set api_key for keys to count\n",
    );
  }
  return 0;
}

export async function listKeys(configFile: string | undefined): Promise<number> {
  const { result: rows } = await withKeys(configFile, (repo) => repo.list());
  const limit = (n: number) => (n === 0 ? "-" : String(n));
  printTable(
    [
      "ID",
      "TENANT",
      "ROLE",
      "KEY",
      "MAX SESSIONS",
      "MAX WORKSPACES",
      "MAX MEMORY MB",
      "CREATED",
      "REVOKED",
    ],
    rows.map((r) => [
      r.id,
      r.tenant,
      r.role,
      `…${r.hint}`,
      limit(r.max_sessions),
      limit(r.max_workspaces),
      limit(r.max_memory_mb),
      new Date(r.created_at).toISOString(),
      r.revoked_at === null ? "-" : new Date(r.revoked_at).toISOString(),
    ]),
  );
  return 0;
}

export async function revokeKeys(configFile: string | undefined, ids: string[]): Promise<number> {
  const { result: failed } = await withKeys(configFile, async (repo) => {
    let failed = 0;
    for (const id of ids) {
      if (await repo.revoke(id)) {
        process.stdout.write(`${id}\n`);
      } else {
        failed++;
        process.stderr.write(`sandkasten keys revoke: ${id}: no such key, or revoked already\n`);
      }
    }
    return failed;
  });
  return failed === 0 ? 0 : 1;
}
