import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Db, openDatabase } from "../../src/store/database.js";
import { migrations } from "../../src/store/migrations/index.js";
import { type NewSessionRow, SessionsRepo } from "../../src/store/sessions-repo.js";

/** The store on a real SQLite file: migrations, reopening, and rows that come back as they went in. */

let dir = "";
let path = "";
const open: Db[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "skt-store-"));
  path = join(dir, "nested", "dir", "sandkasten.db");
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function openTracked(): Promise<Db> {
  const db = await openDatabase(path);
  open.push(db);
  return db;
}

async function close(db: Db): Promise<void> {
  open.splice(open.indexOf(db), 1);
  await db.destroy();
}

/** Reads the file with a separate connection, as another process would. */
function inspect<T>(fn: (sqlite: SQLite.Database) => T): T {
  const sqlite = new SQLite(path, { readonly: true });
  try {
    return fn(sqlite);
  } finally {
    sqlite.close();
  }
}

function row(id: string, patch: Partial<NewSessionRow> = {}): NewSessionRow {
  return {
    id,
    image: "sandbox-runtime:base",
    container_id: `c-${id}`,
    status: "running",
    status_reason: "",
    cwd: "/workspace",
    workspace_id: null,
    socket_dir: `/data/sessions/${id}`,
    created_at: 1_700_000_000_000,
    expires_at: 1_700_000_600_000,
    last_activity: 1_700_000_000_000,
    ...patch,
  };
}

describe("openDatabase", () => {
  test("creates the file (and its directory), in WAL mode, with every numbered migration applied in order", async () => {
    const db = await openTracked();
    await close(db);
    expect(existsSync(path)).toBe(true);
    const names = Object.keys(migrations);
    expect(names.length).toBeGreaterThanOrEqual(1);
    for (const name of names) expect(name).toMatch(/^\d{3}-[a-z0-9-]+$/);
    expect([...names].sort()).toEqual(names);
    inspect((sqlite) => {
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      const applied = sqlite
        .prepare("select name from kysely_migration order by name")
        .pluck()
        .all();
      expect(applied).toEqual(names);
      const tables = sqlite
        .prepare("select name from sqlite_master where type = 'table'")
        .pluck()
        .all();
      expect(tables).toContain("sessions");
      const indexes = sqlite
        .prepare("select name from sqlite_master where type = 'index'")
        .pluck()
        .all();
      expect(indexes).toContain("sessions_status");
    });
  });

  test("reopening is idempotent: no migration runs twice and the data stays", async () => {
    const first = await openTracked();
    await new SessionsRepo(first).insert(row("s1"));
    await close(first);
    for (let i = 0; i < 3; i++) {
      const again = await openTracked();
      expect((await new SessionsRepo(again).get("s1"))?.image).toBe("sandbox-runtime:base");
      await close(again);
    }
    inspect((sqlite) => {
      const count = sqlite.prepare("select count(*) from kysely_migration").pluck().get();
      expect(count).toBe(Object.keys(migrations).length);
      expect(sqlite.prepare("select count(*) from sessions").pluck().get()).toBe(1);
    });
  });

  test("two handles on one file see each other's writes (WAL, busy timeout)", async () => {
    const a = await openTracked();
    const b = await openTracked();
    await new SessionsRepo(a).insert(row("shared"));
    expect((await new SessionsRepo(b).get("shared"))?.id).toBe("shared");
  });
});

describe("SessionsRepo", () => {
  test("a row round-trips exactly, nulls and large timestamps included", async () => {
    const repo = new SessionsRepo(await openTracked());
    const original = row("sround", {
      workspace_id: null,
      cwd: "/tmp/ä ö/with spaces",
      status_reason: "",
      expires_at: 4_102_444_800_000,
    });
    await repo.insert(original);
    const back = await repo.get("sround");
    expect(back).toEqual({
      ...original,
      pooled: 0,
      pool_miss_reason: "",
      tenant: "default",
      mem_limit_mb: 0,
      network: "none",
      allow: "[]",
      seq: expect.any(Number),
    });
    const withWorkspace = row("sws", { workspace_id: "user123-project" });
    await repo.insert(withWorkspace);
    expect((await repo.get("sws"))?.workspace_id).toBe("user123-project");
    expect(await repo.get("absent")).toBeUndefined();
  });

  test("ids are unique", async () => {
    const repo = new SessionsRepo(await openTracked());
    await repo.insert(row("dup"));
    await expect(repo.insert(row("dup"))).rejects.toThrow(/UNIQUE/);
  });

  test("update patches only the given columns", async () => {
    const repo = new SessionsRepo(await openTracked());
    await repo.insert(row("supd"));
    await repo.update("supd", { status: "failed", status_reason: "the runner died", cwd: "/tmp" });
    expect(await repo.get("supd")).toMatchObject({
      status: "failed",
      status_reason: "the runner died",
      cwd: "/tmp",
      image: "sandbox-runtime:base",
      container_id: "c-supd",
    });
  });

  test("listVisible leaves out destroyed, listLive keeps creating/running, listExpired only running ones past their time; oldest first", async () => {
    const repo = new SessionsRepo(await openTracked());
    await repo.insert(row("a-running", { expires_at: 100 }));
    // Past its time but still being created: its create call decides.
    await repo.insert(row("b-creating", { status: "creating", expires_at: 10 }));
    await repo.insert(row("c-expired", { status: "expired", expires_at: 50 }));
    await repo.insert(row("d-destroyed", { status: "destroyed", expires_at: 50 }));
    await repo.insert(row("e-failed", { status: "failed", expires_at: 50 }));
    await repo.insert(row("f-running", { expires_at: 200 }));
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(await repo.listVisible())).toEqual([
      "a-running",
      "b-creating",
      "c-expired",
      "e-failed",
      "f-running",
    ]);
    expect(ids(await repo.listLive())).toEqual(["a-running", "b-creating", "f-running"]);
    expect(ids(await repo.listExpired(150)).sort()).toEqual(["a-running"]);
    expect(ids(await repo.listExpired(200)).sort()).toEqual(["a-running", "f-running"]);
    expect(ids(await repo.listExpired(99))).toEqual([]);
  });

  test("rows written before a reopen read back the same after it", async () => {
    const first = await openTracked();
    await new SessionsRepo(first).insert(row("spersist", { cwd: "/workspace/deep" }));
    await new SessionsRepo(first).update("spersist", { last_activity: 1_700_000_123_456 });
    await close(first);
    const again = new SessionsRepo(await openTracked());
    expect(await again.get("spersist")).toMatchObject({
      cwd: "/workspace/deep",
      last_activity: 1_700_000_123_456,
    });
  });
});
