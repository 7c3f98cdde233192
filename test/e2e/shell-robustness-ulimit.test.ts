import { runShellCase, type ShellCase, type StepResult } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * `ulimit -n` in the session's shell (issue 18). The loop's own descriptors
 * sit below 10, so a low limit holds for the next commands instead of
 * costing the shell its control fds; a limit the loop can't live with is
 * refused with a message, and the shell keeps its state. runShellCase checks
 * afterwards that cwd, exports and the function survived without a restart.
 */

/** A step's answer: its exit code, its exact output, and no noise from lost descriptors. */
const answers =
  (code: number, output: string | RegExp) =>
  (r: StepResult): void => {
    expect(r.output).not.toContain("Bad file descriptor");
    expect(r.shellRestarted, r.output).toBe(false);
    expect(r.exitCode, r.output).toBe(code);
    if (typeof output === "string") expect(r.output).toBe(output);
    else expect(r.output).toMatch(output);
  };

/** Soft and hard limit of the shell, and the soft limit a child process gets. */
const SHOW_LIMITS =
  "ulimit -Sn; ulimit -Hn; sed -n 's/^Max open files *\\([0-9]*\\) *\\([0-9]*\\).*/child \\1 \\2/p' /proc/self/limits";
const limits = (soft: number, hard: number) => `${soft}\n${hard}\nchild ${soft} ${hard}\n`;

const refusal = (n: number) =>
  new RegExp(
    `^bash: ulimit: open files: ${n} is below 16, the least the session shell needs .*limit not changed.*\\( ulimit -n ${n}; command \\)\\)\n$`,
  );

const cases: ShellCase[] = [
  {
    name: "ulimit -n 100: the next commands run with 100",
    steps: [
      { cmd: "ulimit -n 100", check: answers(0, "") },
      { cmd: SHOW_LIMITS, check: answers(0, limits(100, 100)) },
      { cmd: "echo a | cat >/tmp/f; read x </tmp/f; echo $x", check: answers(0, "a\n") },
    ],
    restarts: false,
  },
  {
    name: "ulimit -n 20: pipes, redirections and substitutions still work",
    steps: [
      { cmd: "ulimit -n 20", check: answers(0, "") },
      { cmd: SHOW_LIMITS, check: answers(0, limits(20, 20)) },
      {
        cmd: 'x=$(echo sub | cat); read y <<<"here"; { echo "$x $y"; } 2>/dev/null >/tmp/f; cat /tmp/f',
        check: answers(0, "sub here\n"),
      },
    ],
    restarts: false,
  },
  {
    name: "ulimit -n 16, the lowest the shell takes",
    steps: [
      { cmd: "ulimit -n 16", check: answers(0, "") },
      { cmd: SHOW_LIMITS, check: answers(0, limits(16, 16)) },
    ],
    restarts: false,
  },
  ...[10, 5, 3].map(
    (n): ShellCase => ({
      name: `ulimit -n ${n}: refused with a message, the limit stays as it was`,
      steps: [
        { cmd: "ulimit -n 200", check: answers(0, "") },
        { cmd: `ulimit -n ${n}`, check: answers(1, refusal(n)) },
        { cmd: SHOW_LIMITS, check: answers(0, limits(200, 200)) },
      ],
      restarts: false,
    }),
  ),
  {
    name: "ulimit -Sn 12 (soft only): refused too",
    steps: [
      { cmd: "ulimit -Sn 12", check: answers(1, refusal(12)) },
      { cmd: "ulimit -Sn 40; ulimit -Sn", check: answers(0, "40\n") },
    ],
    restarts: false,
  },
  {
    name: "ulimit -Hn 50: the hard limit holds, the soft one can go up to it again",
    steps: [
      { cmd: "ulimit -Sn 30 && ulimit -Hn 50", check: answers(0, "") },
      { cmd: SHOW_LIMITS, check: answers(0, limits(30, 50)) },
      { cmd: "ulimit -Sn 50", check: answers(0, "") },
      { cmd: SHOW_LIMITS, check: answers(0, limits(50, 50)) },
    ],
    restarts: false,
  },
  {
    name: "a subshell may go lower: ( ulimit -n 5; ... )",
    steps: [
      { cmd: "ulimit -n 300", check: answers(0, "") },
      {
        cmd: "( ulimit -n 5; ulimit -n; sed -n 's/^Max open files *\\([0-9]*\\).*/child \\1/p' /proc/self/limits )",
        check: answers(0, "5\nchild 5\n"),
      },
      { cmd: "ulimit -n", check: answers(0, "300\n") },
    ],
    restarts: false,
  },
  {
    name: "builtin ulimit -n 3 goes past the refusal: the shell restarts with cwd and exports",
    steps: [
      {
        cmd: "builtin ulimit -n 3",
        check: (r) => expect(r.shellRestarted, r.output).toBe(true),
      },
      { cmd: "ulimit -n", check: (r) => expect(r.output).not.toBe("3\n") },
    ],
    restarts: true,
  },
];

describe("shell robustness: ulimit -n", () => {
  for (const c of cases) {
    test(c.name, async ({ api }) => {
      await runShellCase(api, c);
    });
  }
});
