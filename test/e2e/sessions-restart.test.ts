import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { type Config, loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/log.js";
import { type Daemon, startDaemon } from "../../src/server/daemon.js";
import { openDatabase } from "../../src/store/database.js";
import { SessionsRepo } from "../../src/store/sessions-repo.js";
import { clientsFor } from "../support/clients.js";
import { containerExists, engine } from "../support/engine.js";
import { testInstance } from "../support/test-daemon.js";

/**
 * The daemon restarts; its containers, runners and shells don't. At start-up
 * it reconciles its store with the engine: running sessions are adopted with
 * their shell state, half-created ones are cleaned up, ones whose container
 * died are marked failed, and containers it doesn't know are removed.
 */
const dataDir = mkdtempSync("/tmp/skt-");
const config: Config = loadConfig({
  env: {},
  overrides: {
    listen: "127.0.0.1:0",
    api_key: `sk-test-${randomBytes(8).toString("hex")}`,
    data_dir: dataDir,
    instance: `${testInstance()}-restart`,
    log_level: "error",
  },
});
const start = () => startDaemon(config, { log: createLogger("error") });
const asTest = (d: Daemon) => ({
  daemon: d,
  url: d.url,
  apiKey: config.api_key,
  dataDir,
  stop: d.stop,
});
let last: Daemon | undefined;

afterAll(async () => {
  if (last) {
    for (const s of await last.ctx.sessions.list())
      await last.ctx.sessions.destroy(s.id).catch(() => {});
    await last.stop();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a daemon restart", () => {
  test("keeps running sessions with their shell state and cleans up what it can't keep", async () => {
    const first = await start();
    last = first;
    const api = clientsFor(asTest(first));
    const keep = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    await api.exec.exec({
      sessionId: keep,
      cmd: "cd /tmp && export X=5 && f(){ echo fn; } && sleep 300 & echo $! > /tmp/bg.pid",
    });
    await api.exec.exec({ sessionId: keep, cmd: "cd /tmp && export X=5" });
    const dies = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
    const diesContainer = (await first.ctx.sessions.get(dies)).container_id;
    await first.stop();
    last = undefined;

    // While the daemon is away: one container dies, a stranger appears, and
    // the store holds a session caught in the middle of its creation.
    await engine.getContainer(diesContainer).remove({ force: true, v: true });
    const stranger = await engine.createContainer({
      Image: "sandbox-runtime:base",
      Cmd: ["sleep", "300"],
      Labels: {
        "sandkasten.managed": "true",
        "sandkasten.instance": config.instance,
        "sandkasten.session": "sstranger",
      },
    });
    await stranger.start();
    const db = await openDatabase(config.db_path);
    const now = Date.now();
    await new SessionsRepo(db).insert({
      id: "shalfmade",
      image: "sandbox-runtime:base",
      container_id: "",
      status: "creating",
      status_reason: "",
      cwd: "/workspace",
      workspace_id: null,
      socket_dir: `${dataDir}/sessions/shalfmade`,
      created_at: now,
      expires_at: now + 60_000,
      last_activity: now,
    });
    await db.destroy();

    const second = await start();
    last = second;
    const api2 = clientsFor(asTest(second));
    const after = await api2.exec.exec({
      sessionId: keep,
      cmd: "echo $X; pwd; kill -0 $(cat /tmp/bg.pid) && echo bg-alive",
    });
    expect(after.output).toBe("5\n/tmp\nbg-alive\n");
    expect(after.shellRestarted).toBe(false);

    const died = (await api2.sessions.getSession({ id: dies })).session;
    expect(died?.status).toBe(SessionStatus.FAILED);
    expect(died?.statusReason).toMatch(/container is gone/);
    expect((await api2.sessions.getSession({ id: "shalfmade" })).session?.status).toBe(
      SessionStatus.DESTROYED,
    );
    expect(await containerExists(stranger.id)).toBe(false);
    const listed = (await api2.sessions.listSessions({})).sessions.map((s) => s.id);
    expect(listed).toContain(keep);
    expect(listed).not.toContain("shalfmade");
  });
});
