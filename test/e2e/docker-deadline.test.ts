import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { DockerClient } from "../../src/docker/docker-client.js";
import { clientsFor } from "../support/clients.js";
import { failureOf } from "../support/connect-errors.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * Every Docker call has a deadline: an engine that accepts connections and
 * never answers turns into Unavailable, for DockerClient and for a whole
 * daemon, which keeps serving everything else.
 */

let dir = "";
let hung: net.Server;
let sockets: net.Socket[] = [];
let accepted = 0;
const hungSocket = () => join(dir, "docker.sock");

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "skt-hung-"));
  sockets = [];
  accepted = 0;
  hung = net.createServer((socket) => {
    accepted++;
    sockets.push(socket);
    socket.on("error", () => {});
    // Reads the request and never answers.
    socket.resume();
  });
  await new Promise<void>((resolve) => hung.listen(hungSocket(), resolve));
});

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe("DockerClient.call against a hung engine", () => {
  test("rejects with Unavailable within the deadline instead of hanging", async () => {
    const docker = new DockerClient(hungSocket(), 800);
    const started = Date.now();
    const err = await failureOf(docker.call("ping", (api) => api.ping()));
    const elapsed = Date.now() - started;
    expect(err.code).toBe(Code.Unavailable);
    expect(err.rawMessage).toMatch(/the Docker engine did not answer ping within/);
    expect(elapsed).toBeGreaterThanOrEqual(700);
    expect(elapsed).toBeLessThan(2_000);
    expect(accepted).toBe(1);
  });

  test("a per-call deadline overrides the client's", async () => {
    const docker = new DockerClient(hungSocket(), 60_000);
    const started = Date.now();
    const err = await failureOf(
      docker.call("container inspect", (api) => api.getContainer("x").inspect(), 300),
    );
    expect(err.code).toBe(Code.Unavailable);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  test("an absent engine socket is Unavailable naming the socket", async () => {
    const missing = join(dir, "absent.sock");
    const err = await failureOf(new DockerClient(missing, 5_000).call("ping", (api) => api.ping()));
    expect(err).toBeInstanceOf(ConnectError);
    expect(err.code).toBe(Code.Unavailable);
    expect(err.rawMessage).toContain(`the Docker engine is not reachable at ${missing} (ENOENT)`);
  });
});

describe("a daemon whose engine hangs", () => {
  let daemon: TestDaemon | undefined;

  afterEach(async () => {
    await daemon?.stop();
    daemon = undefined;
  });

  test("answers CreateSession with Unavailable in about the deadline, and keeps serving", async () => {
    daemon = await startTestDaemon({ docker: { socket: hungSocket(), timeout_ms: 1000 } });
    const api = clientsFor(daemon);
    const started = Date.now();
    const err = await failureOf(api.sessions.createSession({ image: "base" }));
    const elapsed = Date.now() - started;
    expect(err.code).toBe(Code.Unavailable);
    expect(err.rawMessage).toMatch(/the Docker engine did not answer container create within 1 s/);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    // The create's own deadline, plus at most one more for the clean-up call.
    expect(elapsed).toBeLessThan(3_000);

    // The daemon serves everything that does not need the engine.
    const health = await fetch(`${daemon.url}/healthz`);
    expect(health.status).toBe(200);
    const { sessions } = await api.sessions.listSessions({});
    expect(sessions).toEqual([]);
    const rows = await daemon.daemon.ctx.sessions.list();
    expect(rows).toEqual([]);
    // The failed create left no socket directory behind.
    const sessionsDir = join(daemon.dataDir, "sessions");
    expect(existsSync(sessionsDir) ? readdirSync(sessionsDir) : []).toEqual([]);

    // A second attempt fails the same way, not worse.
    const again = await failureOf(api.sessions.createSession({ image: "base" }));
    expect(again.code).toBe(Code.Unavailable);
    const failedRow = (await daemon.daemon.ctx.db.selectFrom("sessions").selectAll().execute())[0];
    expect(failedRow?.status).toBe("destroyed");
    expect(failedRow?.status_reason).toMatch(
      /^create failed: .*the Docker engine did not answer container create/,
    );
    const got = await api.sessions.getSession({ id: failedRow?.id ?? "" });
    expect(got.session?.status).toBe(SessionStatus.DESTROYED);
  });
});
