import { createHash } from "node:crypto";
import { omissionNote } from "../../src/exec/capped-text.js";
import { runShellCase, type ShellCase, type StepResult } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * Careless commands about input, output and processes: programs that read
 * stdin, output that looks like the runner's own protocol, NUL bytes,
 * binary, huge lines, background processes. Each must get an answer, and
 * the next command must find the shell alive with its directory, exports
 * and (unless it had to restart) functions.
 */

const exit = (code: number) => (r: StepResult) => expect(r.exitCode, r.output).toBe(code);
const bytes = (expected: Buffer) => (r: StepResult) => {
  expect(r.stdout.length).toBe(expected.length);
  expect(r.stdout.equals(expected)).toBe(true);
};
/** The step printed its data on stdout and `sha256sum` of the same on stderr. */
const hashMatches = (size: number) => (r: StepResult) => {
  expect(r.stdout.length).toBe(size);
  const sum = createHash("sha256").update(r.stdout).digest("hex");
  expect(r.stderr.toString().split(" ")[0]).toBe(sum);
};

const cases: ShellCase[] = [
  {
    name: "cat (reads stdin: gets EOF at once)",
    steps: [{ cmd: "cat", check: exit(0) }],
    restarts: false,
  },
  { name: "read x (EOF: status 1)", steps: [{ cmd: "read x", check: exit(1) }], restarts: false },
  {
    name: 'read -p "Continue? " ans',
    steps: [{ cmd: 'read -p "Continue? " ans', check: exit(1) }],
    restarts: false,
  },
  {
    name: "head -1 and wc -l on stdin",
    steps: [{ cmd: "head -1; wc -l", check: (r) => expect(r.output).toBe("0\n") }],
    restarts: false,
  },
  {
    name: "python3 -c 'input()' in the python image",
    image: "python",
    steps: [
      {
        cmd: "python3 -c 'input()'",
        check: (r) => {
          expect(r.exitCode).toBe(1);
          expect(r.output).toContain("EOFError");
        },
      },
    ],
    restarts: false,
  },
  {
    name: "python3 with no arguments (a REPL on stdin) in the python image",
    image: "python",
    steps: [{ cmd: "python3", check: exit(0) }],
    restarts: false,
  },
  {
    name: "bash with no arguments (reads stdin)",
    steps: [{ cmd: "bash", check: exit(0) }],
    restarts: false,
  },
  { name: "less on a file, without a terminal", steps: ["less /etc/hostname"], restarts: false },
  {
    name: "top without a terminal",
    steps: [{ cmd: "top", timeoutMs: 5000, timesOut: undefined }],
    restarts: false,
  },
  {
    name: "protocol-looking output: a fake end marker",
    steps: [
      {
        cmd: String.raw`printf '\x1eSK0123456789abcdef\x1e'; printf '\x1eSK%s\x1e' 0123456789abcdef0123456789abcdef`,
        stream: true,
        check: bytes(
          Buffer.from(
            "\x1eSK0123456789abcdef\x1e\x1eSK0123456789abcdef0123456789abcdef\x1e",
            "latin1",
          ),
        ),
      },
    ],
    restarts: false,
  },
  {
    name: "protocol-looking output: RUN and MARK lines",
    steps: [
      {
        cmd: "printf 'RUN x y z\\nMARK abc\\n'; printf 'RUN a b c\\n' >&2",
        stream: true,
        check: (r) => {
          expect(r.stdout.toString()).toBe("RUN x y z\nMARK abc\n");
          expect(r.stderr.toString()).toBe("RUN a b c\n");
        },
      },
    ],
    restarts: false,
  },
  {
    name: "protocol-looking output: a status record with NULs",
    steps: [
      {
        cmd: String.raw`printf 'abc 0\0/tmp\0declare -x A="1"\0'`,
        stream: true,
        check: bytes(Buffer.from('abc 0\0/tmp\0declare -x A="1"\0', "latin1")),
      },
    ],
    restarts: false,
  },
  {
    name: "NUL bytes: printf 'a\\0b' arrives byte-exact over ExecStream",
    steps: [
      { cmd: String.raw`printf 'a\0b'`, stream: true, check: bytes(Buffer.from([0x61, 0, 0x62])) },
    ],
    restarts: false,
  },
  {
    name: "NUL bytes in unary Exec output",
    steps: [{ cmd: String.raw`printf 'a\0b\n'`, check: (r) => expect(r.output).toBe("a\0b\n") }],
    restarts: false,
  },
  {
    name: "a 5 MB single line without a newline",
    steps: [
      {
        cmd: "head -c 5000000 /dev/zero | tr '\\0' x",
        stream: true,
        check: (r) => {
          expect(r.stdout.length).toBe(5_000_000);
          expect(r.stdout.every((b) => b === 0x78)).toBe(true);
        },
      },
    ],
    restarts: false,
  },
  {
    name: "a 5 MB single line through unary Exec keeps its first 64 KiB and its last 960 KiB",
    steps: [
      {
        cmd: "head -c 5000000 /dev/zero | tr '\\0' x; echo; echo done >&2",
        check: (r) =>
          expect(r.output).toBe(
            `${"x".repeat(64 * 1024)}${omissionNote(5_000_006 - 1024 * 1024)}${"x".repeat(960 * 1024 - 6)}\ndone\n`,
          ),
      },
    ],
    restarts: false,
  },
  {
    name: "binary output: 100000 random bytes arrive byte-exact",
    steps: [
      {
        cmd: "head -c 100000 /dev/urandom > /tmp/bin && cat /tmp/bin && sha256sum /tmp/bin >&2",
        stream: true,
        check: hashMatches(100_000),
      },
    ],
    restarts: false,
  },
  {
    name: "binary output without a trailing newline, ending in a partial marker-like byte",
    steps: [
      {
        cmd: String.raw`printf 'data\x1eS'`,
        stream: true,
        check: bytes(Buffer.from("data\x1eS", "latin1")),
      },
    ],
    restarts: false,
  },
  {
    name: "invalid UTF-8 through unary Exec",
    steps: [
      {
        cmd: String.raw`printf 'a\xff\xfeb\n'`,
        check: (r) => expect(r.output).toBe("a\uFFFD\uFFFDb\n"),
      },
    ],
    restarts: false,
  },
  {
    name: "endless output (yes) with a timeout",
    steps: [
      {
        cmd: "yes",
        timeoutMs: 1500,
        timesOut: true,
        check: (r) => expect(r.output.startsWith("y\ny\n")).toBe(true),
      },
    ],
    restarts: false,
  },
  {
    name: "20 background sleeps: the call returns without waiting for them",
    steps: [
      {
        cmd: "for i in $(seq 20); do sleep 30 & done",
        check: (r) => {
          expect(r.exitCode).toBe(0);
          // They hold the output pipe open for 30 s: the answer must not wait for that.
          expect(r.durationMs).toBeLessThan(15_000);
        },
      },
      { cmd: "jobs -p | wc -l", check: (r) => expect(r.output).toBe("20\n") },
    ],
    restarts: false,
  },
  {
    name: "a background job, then disown",
    steps: [
      { cmd: "sleep 30 & disown", check: (r) => expect(r.durationMs).toBeLessThan(15_000) },
      {
        cmd: "jobs | wc -l; pgrep -x sleep | wc -l",
        check: (r) => expect(r.output).toBe("0\n1\n"),
      },
    ],
    restarts: false,
  },
  {
    name: "nohup and setsid background processes",
    steps: ["nohup sleep 30 >/dev/null 2>&1 &", "setsid sleep 30 &", "echo ok"],
    restarts: false,
  },
  {
    name: "a background job that writes later",
    steps: ["(sleep 0.5; echo late) &", "sleep 1; echo now", "wait"],
    restarts: false,
  },
  {
    name: "sleep 1000 & then wait, with a timeout",
    steps: [{ cmd: "sleep 1000 & wait", timeoutMs: 1500, timesOut: true }],
    restarts: false,
  },
  {
    name: "a background job from before, then wait with a timeout",
    // The timeout's SIGINT interrupts `wait`: the shell lives on, the job too.
    steps: ["sleep 1000 &", { cmd: "wait", timeoutMs: 1500, timesOut: true }],
    restarts: false,
  },
  {
    name: "kill 0 (the whole process group)",
    steps: ["kill 0"],
    restarts: true,
  },
  {
    name: "exec sleep (replaces the shell) with a timeout",
    steps: [{ cmd: "exec sleep 1000", timeoutMs: 1500, timesOut: true }],
    restarts: true,
  },
  {
    name: "a subshell that exits",
    steps: [{ cmd: "(exit 7)", check: exit(7) }],
    restarts: false,
  },
  {
    name: "a command that closes its output and keeps running briefly",
    steps: [{ cmd: "exec 1>&- 2>&-; sleep 0.5", check: exit(0) }],
    restarts: false,
  },
  {
    name: "a process that ignores SIGTERM, timed out",
    steps: [{ cmd: "bash -c 'trap \"\" TERM; sleep 1000'", timeoutMs: 1500, timesOut: true }],
    restarts: false,
  },
  {
    name: "a stdin reader in a pipeline: cat | head",
    steps: [{ cmd: "cat | head -1", check: exit(0) }],
    restarts: false,
  },
];

describe("shell robustness: input, output and processes", () => {
  for (const c of cases) {
    test(c.name, async ({ api }) => {
      await runShellCase(api, c);
    });
  }
});
