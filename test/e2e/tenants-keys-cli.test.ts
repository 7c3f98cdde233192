import type { ChildProcess } from "node:child_process";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TENANT_RULE } from "../../src/tenants/principal.js";
import {
  type CliConfig,
  collect,
  daemonConfig,
  runCli,
  spawnCli,
  untilListening,
  waitFor,
} from "../support/cli.js";
import { clientsAt, failsWith, restAt } from "../support/tenant-daemon.js";

/**
 * `sandkasten keys` against a daemon that `sandkasten serve` runs: a key it
 * makes works at once, for its tenant and within its quota; a revoked one
 * stops working within two seconds, without a restart.
 */
let config: CliConfig & { apiKey: string };
let serve: ChildProcess;
let exited: Promise<unknown>;
let url: string;

const keys = (...args: string[]) => runCli(["keys", ...args, "-c", config.file]);

/** `keys create` that must succeed; returns the key it printed and its id. */
async function createKey(...args: string[]): Promise<{ key: string; id: string }> {
  const r = await keys("create", ...args);
  expect(r.code, r.stderr).toBe(0);
  const key = r.stdout.trim();
  expect(key).toMatch(/^skt_[A-Za-z0-9_-]{43}$/);
  const id = /^key (key_[0-9a-f]{8}) for tenant /.exec(r.stderr)?.[1] ?? "";
  expect(id, r.stderr).not.toBe("");
  return { key, id };
}

beforeAll(async () => {
  config = daemonConfig({ log_level: "warn" });
  serve = spawnCli(["serve", "--config", config.file]);
  const out = collect(serve);
  exited = out.exited;
  url = await untilListening(serve, out);
  expect(url, out.stderr()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

afterAll(async () => {
  if (url) {
    const admin = clientsAt(url, config.apiKey);
    for (const s of (await admin.sessions.listSessions({})).sessions) {
      await admin.sessions.destroySession({ id: s.id }).catch(() => {});
    }
  }
  serve?.kill("SIGTERM");
  await exited;
  config?.remove();
});

describe("sandkasten keys", () => {
  test("create: the key works at once against the running daemon, for its tenant and quota", async () => {
    const { key, id } = await createKey("--tenant", "gamma", "--max-sessions", "1");
    const gamma = clientsAt(url, key);
    const { session } = await gamma.sessions.createSession({ image: "base" });
    expect(session?.tenant).toBe("gamma");
    expect(
      await failsWith(gamma.sessions.createSession({ image: "base" }), Code.ResourceExhausted),
    ).toContain("tenant gamma is at its quota: max_sessions is 1");
    // A user key: the admin's session is not gamma's to see.
    const admins = await clientsAt(url, config.apiKey).sessions.createSession({ image: "base" });
    const other = admins.session?.id ?? "";
    expect(await failsWith(gamma.sessions.getSession({ id: other }), Code.NotFound)).toBe(
      `session ${other} not found`,
    );
    const listed = await keys("list");
    expect(listed.code, listed.stderr).toBe(0);
    const row = listed.stdout.split("\n").find((line) => line.startsWith(id)) ?? "";
    expect(row.split(/\s+/).slice(0, 5)).toEqual([id, "gamma", "user", `…${key.slice(-4)}`, "1"]);
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).not.toContain(key.slice(4, 20));
  });

  test("revoke: within 2 s the key is refused over gRPC (Unauthenticated) and REST (401)", async () => {
    const { key, id } = await createKey("--tenant", "delta");
    const delta = clientsAt(url, key);
    await delta.sessions.listSessions({});
    expect((await restAt(url, key, "GET", "/v1/sessions")).status).toBe(200);
    const revoked = await keys("revoke", id);
    expect([revoked.code, revoked.stdout]).toEqual([0, `${id}\n`]);
    const since = Date.now();
    await waitFor(
      async () => (await restAt(url, key, "GET", "/v1/sessions")).status === 401,
      "the revoked key to be refused",
      2000,
    );
    expect(Date.now() - since).toBeLessThan(2000);
    await failsWith(delta.sessions.listSessions({}), Code.Unauthenticated);
    const again = await keys("revoke", id);
    expect([again.code, again.stderr]).toEqual([
      1,
      `sandkasten keys revoke: ${id}: no such key, or revoked already\n`,
    ]);
    const row = (await keys("list")).stdout.split("\n").find((line) => line.startsWith(id));
    expect(row?.trim().split(/\s+/).at(-1)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test("an admin key of another tenant sees the config and every session", async () => {
    const { key } = await createKey("--tenant", "ops", "--role", "admin");
    expect((await restAt(url, key, "GET", "/api/config")).status).toBe(200);
    const { sessions } = await clientsAt(url, key).sessions.listSessions({});
    expect(new Set(sessions.map((s) => s.tenant))).toEqual(new Set(["gamma", "default"]));
  });

  test.each([
    [["--tenant", "Not A Tenant"], `--tenant Not A Tenant: ${TENANT_RULE}`],
    [["--tenant", "gamma", "--role", "root"], "--role must be admin or user, not root"],
    [[], "--tenant is required"],
    [["--tenant", "gamma", "--max-sessions", "many"], "--max-sessions must be a whole number"],
  ])("create %j is a usage error (exit code 2) naming what is wrong", async (args, message) => {
    const r = await keys("create", ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`sandkasten keys create: ${message}`);
  });
});
