import { Code } from "@connectrpc/connect";
import { type Clients, clientsFor } from "../support/clients.js";
import { expectCode } from "../support/connect-errors.js";
import { sleep } from "../support/exec-helpers.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import { PtyTerminal } from "../support/pty-terminal.js";

/** bash's prompt from /etc/bash.bashrc: "sandbox@host:/workspace$ ". */
const PROMPT = /\$ $/;

async function openShell(api: Clients, sessionId: string, cols = 80, rows = 24) {
  const t = await PtyTerminal.open(api, sessionId, { cols, rows });
  await t.waitFor(PROMPT);
  return t;
}

/** Polls `cmd` in the persistent shell until its output is `expected`. */
async function eventually(api: Clients, sessionId: string, cmd: string, expected: string) {
  let output = "";
  for (let i = 0; i < 50; i++) {
    output = (await run(api, sessionId, cmd)).output;
    if (output === expected) return;
    await sleep(100);
  }
  expect(output).toBe(expected);
}

describe("PtyService over gRPC", () => {
  test("a terminal shows a prompt and echoes what is typed", async ({ api, session }) => {
    const t = await openShell(api, session.id);
    expect(t.plain).toMatch(/sandbox@[^:]+:\/workspace\$ $/);
    await t.runLine("echo hi", /echo hi\nhi\n/);
    await t.close();
  });

  test("tty names a real pseudo-terminal", async ({ api, session }) => {
    const t = await openShell(api, session.id);
    await t.runLine("tty; test -t 0 && echo is-a-tty", /\/dev\/pts\/\d+\nis-a-tty\n/);
    await t.close();
  });

  test("stty size follows the open size and ResizePty", async ({ api, session }) => {
    const t = await openShell(api, session.id, 100, 30);
    await t.runLine("stty size", /\n30 100\n/);
    await t.resize(120, 40);
    await t.runLine("stty size", /\n40 120\n/);
  });

  test("a resize sends SIGWINCH to the foreground job", async ({ api, session }) => {
    const t = await openShell(api, session.id);
    const from = t.plain.length;
    await t.type(
      `bash -c 'trap "echo winch; exit 0" WINCH; echo ready; while :; do sleep 0.1; done'\r`,
    );
    await t.waitFor(/\nready\n/, from);
    await t.resize(90, 20);
    await t.waitFor(/\nwinch\n/, from);
    await t.waitFor(PROMPT, from);
  });

  test("Ctrl-C interrupts the foreground job and the terminal stays usable", async ({
    api,
    session,
  }) => {
    const t = await openShell(api, session.id);
    const from = t.plain.length;
    await t.type(`sleep 100; echo not-"interrupted"\r`);
    await eventually(api, session.id, "pgrep -x sleep >/dev/null && echo running", "running\n");
    await t.type("\x03");
    await t.waitFor(/\^C\n.*\$ $/s, from);
    await t.runLine("echo after", /\nafter\n/);
    expect(t.plain).not.toContain("not-interrupted\n");
    await eventually(api, session.id, "pgrep -x sleep || echo none", "none\n");
  });

  test("job control: Ctrl-Z stops the foreground job, bg and kill %1 work", async ({
    api,
    session,
  }) => {
    const t = await openShell(api, session.id);
    const from = t.plain.length;
    await t.type("sleep 7171\r");
    await eventually(api, session.id, "pgrep -fc 'sleep 7171' || true", "1\n");
    await t.type("\x1a");
    await t.waitFor(/\[1\]\+\s+Stopped\s+sleep 7171\n.*\$ $/s, from);
    await t.runLine("bg %1; jobs", /\[1\]\+\s+Running\s+sleep 7171 &/);
    await t.runLine(
      "kill %1; sleep 0.2; jobs; echo jobs-done",
      /Terminated[^\n]*sleep 7171\njobs-done\n/,
    );
  });

  test("a full-screen program (top) draws and quits on q", async ({ api, session }) => {
    const t = await PtyTerminal.open(api, session.id, { command: ["top", "-d", "0.5"] });
    await t.waitFor(/Tasks:.*total/);
    // Drawn with cursor addressing, not printed line by line.
    expect(t.output).toContain("\x1b[H");
    await t.type("q");
    expect(await t.exited).toMatchObject({ exitCode: 0, signal: "" });
  });

  test("vim edits a file: insert mode, Escape and :wq", async ({ api, session }) => {
    const t = await PtyTerminal.open(api, session.id, { command: ["vim", "-n", "notes.txt"] });
    await t.waitFor(/notes\.txt/);
    await t.type("iwritten in vim");
    await t.type("\x1b:wq\r");
    expect(await t.exited).toMatchObject({ exitCode: 0, signal: "" });
    const file = await api.fs.readFile({ sessionId: session.id, path: "notes.txt" });
    expect(new TextDecoder().decode(file.content)).toBe("written in vim\n");
  });

  test("exit 3 ends the stream with exited code 3", async ({ api, session }) => {
    const t = await openShell(api, session.id);
    await t.type("exit 3\r");
    expect(await t.exited).toMatchObject({ exitCode: 3, signal: "" });
  });

  test("a program given as command, with env and cwd", async ({ api, session }) => {
    const t = await PtyTerminal.open(api, session.id, {
      command: ["sh", "-c", 'echo "$GREETING from $(pwd) as $(id -u) on $TERM"; exit 7'],
      env: { GREETING: "hello" },
      cwd: "/tmp",
    });
    expect(await t.exited).toMatchObject({ exitCode: 7 });
    expect(t.plain).toContain("hello from /tmp as 1000 on xterm-256color\n");
  });

  test("a command that does not exist fails the open", async ({ api, session }) => {
    const err = await expectCode(
      PtyTerminal.open(api, session.id, { command: ["no-such-program-here"] }),
      Code.FailedPrecondition,
    );
    expect(err.rawMessage).toContain("no-such-program-here: command not found");
  });

  test("the terminal's processes are the sandbox user's, without capabilities", async ({
    api,
    session,
  }) => {
    const t = await openShell(api, session.id);
    const [, status] =
      (await t.runLine(
        "echo uid=$(id -u) groups=$(id -G); grep -E '^(CapEff|CapPrm|NoNewPrivs)' /proc/self/status | tr '\\n\\t' ' '; echo end",
        /\n(uid=[\s\S]*?end)\n/,
      )) ?? [];
    expect(status).toMatch(
      /^uid=1000 groups=1000\nCapPrm: 0000000000000000 CapEff: 0000000000000000 NoNewPrivs: 1 end$/,
    );
  });

  test("the OOM killer picks the terminal's processes before the runner", async ({
    api,
    session,
  }) => {
    const t = await openShell(api, session.id);
    await t.runLine("cat /proc/self/oom_score_adj", /\n1000\n/);
  });

  test("the terminal helper is mounted read-only", async ({ api, session }) => {
    const r = await run(api, session.id, "touch /opt/sandkasten/ptyhost; echo rc=$?");
    expect(r.output).toMatch(/(Read-only file system|Permission denied)\nrc=1\n$/);
  });

  test("ClosePty kills the terminal's processes and ends its stream", async ({ api, session }) => {
    const t = await openShell(api, session.id);
    await t.type("sleep 4242 & sleep 4243\r");
    await eventually(api, session.id, "pgrep -fc 'sleep 424[23]'", "2\n");
    await t.close();
    expect(await t.exited).toMatchObject({ exitCode: -1, signal: "SIGKILL" });
    await eventually(api, session.id, "pgrep -f 'sleep 424' || echo none", "none\n");
    await expectCode(t.type("echo late\r"), Code.NotFound);
  });

  test("canceling the stream kills every process the terminal started", async ({
    api,
    session,
  }) => {
    const t = await openShell(api, session.id);
    // A foreground job, a background job and a daemon that left the terminal's session.
    await t.type("(setsid sleep 5151 &); sleep 5152 & sleep 5153\r");
    await eventually(api, session.id, "pgrep -fc 'sleep 515[123]'", "3\n");
    t.cancel();
    await expect(t.exited).rejects.toThrow();
    await eventually(api, session.id, "pgrep -f 'sleep 515' || echo none", "none\n");
    await eventually(api, session.id, "pgrep -x bash -a | grep -c -- ' -i' || true", "0\n");
  });

  test("the persistent shell keeps its state and works while a terminal is open", async ({
    api,
    session,
  }) => {
    await run(api, session.id, "cd /tmp && export KEEP=shell-value");
    const t = await openShell(api, session.id);
    await t.type("cd / && export KEEP=pty-value && sleep 300\r");
    const during = await run(api, session.id, 'echo "$KEEP $PWD"');
    expect(during.output).toBe("shell-value /tmp\n");
    await t.type("\x03");
    await t.runLine("exit", /exit/);
    await t.exited;
    const after = await run(api, session.id, 'echo "$KEEP $PWD"');
    expect(after.output).toBe("shell-value /tmp\n");
  });

  test("a session has at most 8 terminals at once", async ({ api, session }) => {
    const open = await Promise.all(
      Array.from({ length: 8 }, () =>
        PtyTerminal.open(api, session.id, { command: ["sleep", "600"] }),
      ),
    );
    const err = await expectCode(
      PtyTerminal.open(api, session.id, { command: ["sleep", "600"] }),
      Code.ResourceExhausted,
    );
    expect(err.rawMessage).toContain("8 terminals");
    const first = open[0] as PtyTerminal;
    await first.close();
    await first.exited;
    const again = await PtyTerminal.open(api, session.id, { command: ["true"] });
    expect(await again.exited).toMatchObject({ exitCode: 0 });
    for (const t of open.slice(1)) await t.close();
    await Promise.all(open.map((t) => t.exited));
  });

  test("input, resize and close name an open terminal; input is bounded", async ({
    api,
    session,
  }) => {
    const ref = { sessionId: session.id, ptyId: "0123456789abcdef" };
    await expectCode(api.pty.writePty({ ...ref, data: new Uint8Array([65]) }), Code.NotFound);
    await expectCode(api.pty.resizePty({ ...ref, cols: 80, rows: 24 }), Code.NotFound);
    await expectCode(api.pty.closePty(ref), Code.NotFound);
    await expectCode(
      api.pty.writePty({ ...ref, data: new Uint8Array(65537) }),
      Code.InvalidArgument,
    );
    await expectCode(api.pty.resizePty({ ...ref, cols: 0, rows: 24 }), Code.InvalidArgument);
    await expectCode(
      PtyTerminal.open(api, session.id, { cols: 5000, rows: 24 }),
      Code.InvalidArgument,
    );
  });

  test("destroying the session ends its terminals' streams", async ({ api }) => {
    const { session } = await api.sessions.createSession({ image: "base" });
    if (!session) throw new Error("no session");
    const t = await openShell(api, session.id);
    await api.sessions.destroySession({ id: session.id });
    await expect(t.exited).rejects.toThrow();
  });

  test("a python3 REPL runs in sandbox-runtime:python", async ({ api }) => {
    const { session } = await api.sessions.createSession({ image: "python" });
    if (!session) throw new Error("no session");
    try {
      const t = await PtyTerminal.open(api, session.id, { command: ["python3"] });
      await t.waitFor(/>>> $/);
      await t.runLine("1+1", /\n2\n>>> $/);
      await t.type("\x04");
      expect(await t.exited).toMatchObject({ exitCode: 0 });
    } finally {
      await api.sessions.destroySession({ id: session.id });
    }
  });
});

describe("PtyService over the Connect protocol (what browsers speak)", () => {
  test("the same terminal works over HTTP/1.1 with Connect", async ({ daemon, session }) => {
    const api = clientsFor(daemon, "connect");
    const t = await openShell(api, session.id);
    await t.runLine("echo via-$((40+2))", /\nvia-42\n/);
    await t.resize(60, 10);
    await t.runLine("stty size", /\n10 60\n/);
    await t.type("exit 0\r");
    expect(await t.exited).toMatchObject({ exitCode: 0, signal: "" });
  });
});
