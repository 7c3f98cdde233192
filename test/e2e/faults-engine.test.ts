import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { type Clients, clientsFor } from "../support/clients.js";
import { expectCode } from "../support/connect-errors.js";
import { containerExists } from "../support/engine.js";
import {
  type CuttableDockerProxy,
  type EngineFault,
  startCuttableDockerProxy,
} from "../support/fault-docker-proxy.js";
import { startTestDaemon, type TestDaemon, testInstance } from "../support/test-daemon.js";

/**
 * The engine goes away under a running daemon and comes back. Meanwhile the
 * calls that need it fail fast with Unavailable and say why, everything
 * else keeps working (health, exec in existing sessions), no session is
 * left half-created, and once the engine is back, creating works again.
 */
let proxy: CuttableDockerProxy;
let d: TestDaemon;
let api: Clients;
let existing = "";

beforeAll(async () => {
  proxy = await startCuttableDockerProxy();
  d = await startTestDaemon({
    instance: `${testInstance()}-faults-engine`,
    docker: { socket: proxy.path, timeout_ms: 2000 },
  });
  api = clientsFor(d);
  existing = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
});

afterAll(async () => {
  await proxy?.restore();
  await d?.stop();
  await proxy?.close();
});

/** Runs a call that must fail with Unavailable within 10 s; returns its message. */
async function unavailableFast(call: () => Promise<unknown>): Promise<string> {
  const started = Date.now();
  const err = await expectCode(call, Code.Unavailable);
  expect(Date.now() - started).toBeLessThan(10_000);
  return err.rawMessage;
}

async function creatingSessions(): Promise<string[]> {
  const { sessions } = await api.sessions.listSessions({});
  return sessions.filter((s) => s.status === SessionStatus.CREATING).map((s) => s.id);
}

const ENGINE_MESSAGE: Record<EngineFault, RegExp> = {
  down: /the Docker engine is not reachable at \S+docker\.sock \(ENOENT\)/,
  hang: /the Docker engine did not answer container create within 2 s/,
};

describe.each<EngineFault>(["down", "hang"])("while the engine is %s", (fault) => {
  test("engine calls fail fast with Unavailable, the rest keeps serving, and creating works once it is back", async () => {
    await proxy.cut(fault);
    try {
      expect(await unavailableFast(() => api.sessions.createSession({ image: "base" }))).toMatch(
        ENGINE_MESSAGE[fault],
      );
      // Stats come from the container's cgroup files, not from the engine.
      expect((await api.sessions.getSessionStats({ id: existing })).pids).toBeGreaterThan(0);
      const health = await fetch(`${d.url}/healthz`);
      expect(health.status).toBe(200);
      // Exec talks to the session's runner, not to the engine.
      const r = await api.exec.exec({ sessionId: existing, cmd: "echo still here" });
      expect(r.output).toBe("still here\n");
      // The failed create is not left behind as a session stuck in "creating".
      expect(await creatingSessions()).toEqual([]);
    } finally {
      await proxy.restore();
    }

    const { session } = await api.sessions.createSession({ image: "base" });
    expect(session?.status).toBe(SessionStatus.RUNNING);
    const id = session?.id ?? "";
    expect((await api.exec.exec({ sessionId: id, cmd: "echo back" })).output).toBe("back\n");
    const stats = await api.sessions.getSessionStats({ id: existing });
    expect(stats.pids).toBeGreaterThan(0);
    await api.sessions.destroySession({ id });
    expect(await containerExists(session?.containerId ?? "")).toBe(false);
    expect(await creatingSessions()).toEqual([]);
    const existingNow = (await api.sessions.getSession({ id: existing })).session;
    expect(existingNow?.status).toBe(SessionStatus.RUNNING);
  });
});
