import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import { type Clients, clientsFor } from "../support/clients.js";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";
import { waitFor } from "../support/engine.js";
import { run } from "../support/fixtures.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * defaults.exec_mode and defaults.shell_prefer: a stateless session runs
 * every command in a fresh shell (in /workspace, with the session's
 * variables, nothing carried over), with the same exec guarantees as the
 * persistent one; with sh, /bin/sh (dash) runs each command, keeping only
 * the directory and exports when stateful. Pooled containers get the same mode.
 */

async function session(api: Clients, image = "base", env: Record<string, string> = {}) {
  const { session } = await api.sessions.createSession({ image, env });
  if (!session) throw new Error("no session in CreateSession's answer");
  return session;
}

/** A directory, an export, a plain variable, a function and an option (set -f: no globbing). */
const LEAVE_STATE = "cd /tmp; export X=1; Y=2; f() { echo f; }; set -f";
const SHOW_STATE =
  'pwd; echo "[$X][$Y]"; command -v f || echo no-f; case $- in *f*) echo noglob;; *) echo glob;; esac';

describe("exec_mode: stateless (from sandkasten.yaml)", () => {
  let d: ConfigFileDaemon;
  let api: Clients;

  beforeAll(async () => {
    d = await startConfigFileDaemon(
      "defaults:\n  exec_mode: stateless\npool:\n  enabled: true\n  images: {base: 1}\n",
    );
    api = clientsFor(d);
  });
  afterAll(async () => {
    await d?.stop();
  });

  test("nothing carries over: each command starts in /workspace with the session's variables", async () => {
    const s = await session(api, "python", { FOO: "bar" });
    expect(s.pooled).toBe(false);
    const first = await run(api, s.id, `${LEAVE_STATE}; unset FOO; pwd`);
    expect(first.output).toBe("/tmp\n");
    expect(first.cwd).toBe("/workspace");
    const second = await run(api, s.id, `${SHOW_STATE}; echo "$FOO"; echo $0`);
    expect(second.output).toBe("/workspace\n[][]\nno-f\nglob\nbar\nbash\n");
    expect(second.cwd).toBe("/workspace");
    expect(second.shellRestarted).toBe(false);
  });

  test("a pooled container runs stateless too", async () => {
    const ready = async () =>
      (await api.sessions.getPoolStatus({})).images.some((i) => i.ready === 1);
    expect(await waitFor(ready, 60_000)).toBe(true);
    const s = await session(api, "base", { FOO: "pooled" });
    expect(s.pooled).toBe(true);
    await run(api, s.id, LEAVE_STATE);
    expect((await run(api, s.id, `${SHOW_STATE}; echo $FOO`)).output).toBe(
      "/workspace\n[][]\nno-f\nglob\npooled\n",
    );
  });

  test("exit codes come back, and a command that ends its shell restarts nothing", async () => {
    const s = await session(api, "python");
    expect((await run(api, s.id, "false")).exitCode).toBe(1);
    for (const [cmd, code] of [
      ["exit 3", 3],
      ["set -e; false; echo not here", 1],
      ["kill -9 $$", 137],
      ["exec true", 0],
    ] as const) {
      const r = await run(api, s.id, cmd);
      expect({ cmd, code: r.exitCode, restarted: r.shellRestarted }).toEqual({
        cmd,
        code,
        restarted: false,
      });
    }
    expect((await run(api, s.id, "echo alive")).output).toBe("alive\n");
  });

  test("a timeout stops the whole command (pipelines, children, a loop of builtins)", async () => {
    const s = await session(api, "python");
    const piped = await run(api, s.id, "sleep 301 | cat; echo never", 1000);
    expect({ timedOut: piped.timedOut, code: piped.exitCode }).toEqual({
      timedOut: true,
      code: 130,
    });
    expect(piped.output).not.toContain("never");
    const spun = await run(api, s.id, "while :; do :; done", 1000);
    expect(spun.timedOut).toBe(true);
    expect(spun.shellRestarted).toBe(false);
    const after = await run(api, s.id, "pgrep -c -f 'sleep 301' || true; echo ok");
    expect(after.output).toBe("0\nok\n");
  });

  test("as uid 1000 without capabilities, stdin at end-of-file", async () => {
    const s = await session(api, "python");
    const r = await run(api, s.id, "id -u; grep CapEff /proc/self/status; cat; echo end");
    expect(r.output).toBe("1000\nCapEff:\t0000000000000000\nend\n");
  });

  test("streams stdout and stderr apart, and ends with the exit code", async () => {
    const s = await session(api, "python");
    const seen: { stream: OutputStream; text: string }[] = [];
    let ended: { exitCode: number; cwd: string } | undefined;
    for await (const e of api.exec.execStream({
      sessionId: s.id,
      cmd: "echo out; echo err >&2; cd /tmp; exit 5",
    })) {
      if (e.event.case === "output") {
        seen.push({
          stream: e.event.value.stream,
          text: Buffer.from(e.event.value.data).toString(),
        });
      }
      if (e.event.case === "ended") ended = e.event.value;
    }
    const text = (stream: OutputStream) =>
      seen
        .filter((c) => c.stream === stream)
        .map((c) => c.text)
        .join("");
    expect(text(OutputStream.STDOUT)).toBe("out\n");
    expect(text(OutputStream.STDERR)).toBe("err\n");
    expect(ended).toMatchObject({ exitCode: 5, cwd: "/workspace" });
  });
});

describe("shell_prefer: sh (from SANDKASTEN_SHELL_PREFER), stateful", () => {
  let d: ConfigFileDaemon;
  let api: Clients;

  beforeAll(async () => {
    d = await startConfigFileDaemon("pool:\n  enabled: true\n  images: {base: 1}\n", {
      SANDKASTEN_SHELL_PREFER: "sh",
    });
    api = clientsFor(d);
  });
  afterAll(async () => {
    await d?.stop();
  });

  test("/bin/sh runs the command: $0 is sh and [[ ]] is not a command", async () => {
    const s = await session(api);
    const r = await run(api, s.id, "echo $0; [[ 1 == 1 ]] && echo bash-only");
    expect(r.output).toBe("sh\nsh: 1: eval: [[: not found\n");
    expect(r.exitCode).toBe(127);
  });

  test("the directory and exports carry over (an unset one stays unset); not variables, functions, options", async () => {
    const s = await session(api);
    await run(api, s.id, `export Z="it's"; unset HOME; ${LEAVE_STATE}`);
    const r = await run(api, s.id, `${SHOW_STATE}; echo "$Z[$HOME]"`);
    expect(r.output).toBe("/tmp\n[1][]\nno-f\nglob\nit's[]\n");
    expect(r.cwd).toBe("/tmp");
  });

  test("a pooled container runs sh too, with the session's variables", async () => {
    const ready = async () =>
      (await api.sessions.getPoolStatus({})).images.some((i) => i.ready === 1);
    expect(await waitFor(ready, 60_000)).toBe(true);
    const s = await session(api, "base", { FOO: "pooled" });
    expect(s.pooled).toBe(true);
    await run(api, s.id, "cd /tmp; export X=1");
    expect((await run(api, s.id, 'echo $0; pwd; echo "$X $FOO"')).output).toBe(
      "sh\n/tmp\n1 pooled\n",
    );
  });

  test("exit codes and timeouts work, and keep the last state", async () => {
    const s = await session(api);
    await run(api, s.id, "cd /tmp");
    expect((await run(api, s.id, "cd /; exit 3")).exitCode).toBe(3);
    const slow = await run(api, s.id, "cd /; sleep 30", 1000);
    expect({ timedOut: slow.timedOut, code: slow.exitCode }).toEqual({ timedOut: true, code: 130 });
    const after = await run(api, s.id, "pwd");
    expect(after.output).toBe("/tmp\n");
    expect(after.shellRestarted).toBe(false);
  });
});

describe("shell_prefer: sh with exec_mode: stateless", () => {
  let d: TestDaemon;
  let api: Clients;

  beforeAll(async () => {
    d = await startTestDaemon({ defaults: { exec_mode: "stateless", shell_prefer: "sh" } });
    api = clientsFor(d);
  });
  afterAll(async () => {
    await d?.stop();
  });

  test("a fresh sh for each command: nothing carries over", async () => {
    const s = await session(api);
    await run(api, s.id, "cd /tmp; export X=1");
    const r = await run(api, s.id, 'echo $0; pwd; echo "[$X]"');
    expect(r.output).toBe("sh\n/workspace\n[]\n");
  });
});

describe("exec_mode: stateful with bash (the default)", () => {
  let d: TestDaemon;
  let api: Clients;

  beforeAll(async () => {
    d = await startTestDaemon();
    api = clientsFor(d);
  });
  afterAll(async () => {
    await d?.stop();
  });

  test("cd, variables, functions and options carry over; bash runs the command", async () => {
    const s = await session(api);
    await run(api, s.id, LEAVE_STATE);
    const r = await run(api, s.id, `${SHOW_STATE}; echo $0; [[ 1 == 1 ]] && echo bash-only`);
    expect(r.output).toBe("/tmp\n[1][2]\nf\nnoglob\nbash\nbash-only\n");
  });
});
