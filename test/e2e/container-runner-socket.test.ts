import { lstatSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { SessionStatus } from "../../gen/sandkasten/v1/session_pb.js";
import { failureOf } from "../support/connect-errors.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import { dataPath } from "../support/test-daemon.js";

/**
 * The runner is the sandbox's only way to the daemon, and it runs as root
 * inside the container: the sandbox user must not reach, replace or signal
 * it, and the daemon must not follow a socket name the sandbox controls.
 */

const RUNNER_PID = "pgrep -f '^/opt/sandkasten/node /opt/sandkasten/runner.mjs'";

describe("the runner's socket", () => {
  test("on the host: a root-owned 0755 directory holding only the socket, mode 0600", async ({
    daemon,
    session,
  }) => {
    const dir = dataPath(daemon, "sessions", session.id);
    const d = statSync(dir);
    expect(d.uid).toBe(0);
    expect(d.mode & 0o7777).toBe(0o755);
    const s = lstatSync(join(dir, "runner.sock"));
    expect(s.isSocket()).toBe(true);
    expect(s.uid).toBe(0);
    expect(s.mode & 0o777).toBe(0o600);
  });

  test("the sandbox user cannot remove, replace or rename it, nor create files beside it", async ({
    api,
    session,
  }) => {
    const attempts = [
      "rm -f /run/sandkasten/runner.sock",
      "ln -sf /tmp/elsewhere /run/sandkasten/runner.sock",
      "mv /run/sandkasten/runner.sock /run/sandkasten/moved.sock",
      "touch /tmp/impostor && mv -f /tmp/impostor /run/sandkasten/runner.sock",
      "touch /run/sandkasten/new-file",
      "mkdir /run/sandkasten/new-dir",
      "chmod 777 /run/sandkasten/runner.sock",
    ];
    for (const cmd of attempts) {
      const r = await run(api, session.id, `${cmd}; echo rc=$?`);
      expect(r.output, cmd).toMatch(/(Permission denied|Operation not permitted)[\s\S]*rc=1\n$/);
    }
    const left = await run(
      api,
      session.id,
      "ls -A /run/sandkasten; stat -c '%u %a %F' /run/sandkasten/runner.sock",
    );
    expect(left.output).toBe("runner.sock\n0 600 socket\n");
    expect((await run(api, session.id, "echo served")).output).toBe("served\n");
  });

  test("the sandbox user cannot connect to it (EACCES)", async ({ api, session }) => {
    const r = await run(
      api,
      session.id,
      `/opt/sandkasten/node -e "require('net').connect('/run/sandkasten/runner.sock').on('error',e=>{console.log(e.code)}).on('connect',()=>console.log('CONNECTED'))"`,
    );
    expect(r.output).toBe("EACCES\n");
  });
});

describe("the runner process", () => {
  test("the sandbox user cannot kill it, nor read its environment or fds", async ({
    api,
    session,
  }) => {
    const pid = (await run(api, session.id, RUNNER_PID)).output.trim();
    expect(pid).toMatch(/^\d+$/);
    const r = await run(
      api,
      session.id,
      [
        `kill -9 ${pid}; echo kill=$?`,
        `kill -STOP ${pid}; echo stop=$?`,
        `cat /proc/${pid}/environ; echo environ=$?`,
        `ls /proc/${pid}/fd; echo fd=$?`,
        `cat /proc/${pid}/mem; echo mem=$?`,
      ].join("\n"),
    );
    expect(r.output).toMatch(/Operation not permitted\nkill=1\n/);
    expect(r.output).toMatch(/Operation not permitted\nstop=1\n/);
    expect(r.output).toMatch(/Permission denied\nenviron=1\n/);
    expect(r.output).toMatch(/Permission denied\nfd=\d+\n/);
    expect(r.output).not.toMatch(/fd=0\n/);
    expect(r.output).toMatch(/Permission denied\nmem=1\n/);
    expect((await run(api, session.id, RUNNER_PID)).output.trim()).toBe(pid);
    expect((await run(api, session.id, "echo alive")).output).toBe("alive\n");
  });

  test("kill -9 -1 by the sandbox user (builtin) ends its other processes, not the runner", async ({
    api,
    session,
  }) => {
    const pid = (await run(api, session.id, RUNNER_PID)).output.trim();
    await run(api, session.id, "sleep 1000 &");
    const killAll = await run(api, session.id, "kill -9 -1; echo rc=$?");
    expect(killAll.output).toBe("rc=0\n");
    // bash reports the killed job before the next command's output.
    const next = await run(api, session.id, "echo after; pgrep -c sleep || true");
    expect(next.output).toMatch(/after\n0\n$/);
    expect((await run(api, session.id, RUNNER_PID)).output.trim()).toBe(pid);
  });

  test("/bin/kill -9 -1 also kills the shell: the runner survives and restarts it with its state", async ({
    api,
    session,
  }) => {
    const pid = (await run(api, session.id, RUNNER_PID)).output.trim();
    await run(api, session.id, "sleep 1000 & export KEPT=yes; cd /tmp");
    const killAll = await run(api, session.id, "/bin/kill -9 -1; echo not reached");
    expect(killAll.shellRestarted).toBe(true);
    expect(killAll.exitCode).toBe(137);
    expect(killAll.output).not.toContain("not reached");
    const next = await run(api, session.id, "echo $KEPT; pwd; pgrep -c sleep || true");
    expect(next.output).toBe("yes\n/tmp\n0\n");
    expect((await run(api, session.id, RUNNER_PID)).output.trim()).toBe(pid);
  });
});

describe("the daemon's side of the socket", () => {
  test("a runner socket replaced by a symlink to another socket is refused: nothing connects, the session fails", async ({
    daemon,
    api,
  }) => {
    const { session } = await api.sessions.createSession({ image: "base" });
    const id = session?.id ?? "";
    const decoyDir = mkdtempSync("/tmp/skt-decoy-");
    const decoyPath = join(decoyDir, "decoy.sock");
    let connections = 0;
    const decoy = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => decoy.listen(decoyPath, resolve));
    try {
      // As a runner that took over its socket directory would: the real
      // socket moves away, its name becomes a link to some host socket.
      // No call has been made yet, so the daemon has no connection open.
      const socketPath = dataPath(daemon, "sessions", id, "runner.sock");
      renameSync(socketPath, `${socketPath}.moved`);
      symlinkSync(decoyPath, socketPath);
      const err = await failureOf(run(api, id, "echo should not run"));
      expect(err.code).toBe(Code.FailedPrecondition);
      expect(err.rawMessage).toBe(`session ${id} failed: the runner inside the container died`);
      expect(connections).toBe(0);
      const after = (await api.sessions.getSession({ id })).session;
      expect(after?.status).toBe(SessionStatus.FAILED);
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((resolve) => decoy.close(() => resolve()));
      rmSync(decoyDir, { recursive: true, force: true });
      await api.sessions.destroySession({ id });
    }
  });
});
