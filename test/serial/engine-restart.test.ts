import { spawn } from "node:child_process";
import { existsSync, openSync, readFileSync, readlinkSync } from "node:fs";
import { Code, ConnectError } from "@connectrpc/connect";
import Docker from "dockerode";
import { describe, expect, test } from "vitest";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { clientsFor } from "../support/clients.js";
import { waitFor } from "../support/engine.js";
import { startTestDaemon } from "../support/test-daemon.js";

/**
 * The Docker engine restarts under a running daemon (run alone, after the
 * main suite: every container on the machine stops with it). Requests during
 * the outage get clear errors quickly instead of hanging; sessions whose
 * containers died are marked failed; once the engine is back, new sessions
 * work. The engine restarted is the one whose pid is in /var/run/docker.pid,
 * started by this project's scripts (scripts/lib/common.sh).
 */
const docker = new Docker({ socketPath: "/var/run/docker.sock", timeout: 5000 });

function engineProcess(): { pid: number; argv: string[]; log: string } {
  const pid = Number(readFileSync("/var/run/docker.pid", "utf8").trim());
  const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  return { pid, argv, log: readlinkSync(`/proc/${pid}/fd/1`) };
}

async function answers(): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

describe("an engine restart", () => {
  test("gives clear errors during the outage and recovers after it", async () => {
    const d = await startTestDaemon({ docker: { timeout_ms: 3000 } });
    const api = clientsFor(d);
    try {
      const before = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
      expect((await api.exec.exec({ sessionId: before, cmd: "echo up" })).output).toBe("up\n");

      const engine = engineProcess();
      process.kill(engine.pid, "SIGTERM");
      expect(await waitFor(async () => !existsSync(`/proc/${engine.pid}`), 60_000, 200)).toBe(true);

      const started = Date.now();
      const created = await api.sessions
        .createSession({ image: "base" })
        .catch((e) => ConnectError.from(e));
      expect(Date.now() - started).toBeLessThan(15_000);
      expect((created as ConnectError).code).toBe(Code.Unavailable);
      expect((created as ConnectError).message).toMatch(/Docker engine/);
      const exec = await api.exec
        .exec({ sessionId: before, cmd: "echo up" })
        .catch((e) => ConnectError.from(e));
      expect(exec).toBeInstanceOf(ConnectError);
      expect((await fetch(`${d.url}/healthz`)).status).toBe(200);

      const out = openSync(engine.log, "a");
      spawn(engine.argv[0] ?? "dockerd", engine.argv.slice(1), {
        detached: true,
        stdio: ["ignore", out, out],
      }).unref();
      expect(await waitFor(answers, 60_000, 250)).toBe(true);

      // The engine stopped every container: the daemon notices (it checks
      // running sessions' containers every few seconds) and says so.
      const failed = async () =>
        (await api.sessions.getSession({ id: before })).session?.status === SessionStatus.FAILED;
      expect(await waitFor(failed, 15_000, 250)).toBe(true);
      const after = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
      expect((await api.exec.exec({ sessionId: after, cmd: "echo back" })).output).toBe("back\n");
    } finally {
      await d.stop();
    }
  });
});
