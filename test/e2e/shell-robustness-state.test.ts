import { runShellCase, type ShellCase, type StepResult } from "../support/exec-helpers.js";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * Careless commands that change the shell itself: options, traps, IFS,
 * functions shadowing builtins, closed or redirected descriptors, exits.
 * Each must get an answer, and the next command must find the shell alive
 * with its directory and exports (and, unless it had to restart, its
 * functions).
 */

const exit = (code: number) => (r: StepResult) => expect(r.exitCode, r.output).toBe(code);
const prints = (text: string) => (r: StepResult) => expect(r.output).toBe(text);
const noLoopText = (r: StepResult) => {
  expect(r.output).not.toContain("__sk_");
  expect(r.output).not.toContain("__SK_");
  expect(r.output).not.toMatch(/\bbuiltin\b/);
};

const cases: ShellCase[] = [
  { name: "exit 3", steps: [{ cmd: "exit 3", check: exit(3) }], restarts: true },
  { name: "exec true", steps: [{ cmd: "exec true", check: exit(0) }], restarts: true },
  { name: "exec bash (reads stdin, at EOF)", steps: ["exec bash"], restarts: true },
  { name: "set -e; false", steps: [{ cmd: "set -e; false", check: exit(1) }], restarts: true },
  {
    name: "set -o errexit, then a failing command later",
    steps: ["set -o errexit", "false"],
    restarts: true,
  },
  {
    name: "set -u; echo $UNDEFINED_VAR",
    steps: [
      {
        cmd: "set -u; echo $UNDEFINED_VAR",
        check: (r) => expect(r.output).toContain("UNDEFINED_VAR: unbound variable"),
      },
    ],
    restarts: true,
  },
  { name: "kill -9 $$", steps: [{ cmd: "kill -9 $$", check: exit(137) }], restarts: true },
  { name: "kill $$ (SIGTERM)", steps: ["kill $$"], restarts: true },
  {
    name: "trap 'echo bye' EXIT; exit 4: the trap's output is the command's",
    steps: [
      {
        cmd: "trap 'echo bye' EXIT; exit 4",
        check: (r) => {
          expect(r.exitCode).toBe(4);
          expect(r.output).toBe("bye\n");
        },
      },
    ],
    restarts: true,
  },
  {
    name: "set -x: the next command's output has none of the loop's own lines",
    steps: [
      "set -x",
      {
        cmd: "echo traced",
        check: (r) => {
          noLoopText(r);
          expect(r.output).toContain("traced\n");
        },
      },
    ],
    restarts: false,
  },
  {
    name: "set -x with a PS4 that shows more",
    steps: [
      `PS4='+ $BASH_SOURCE:$LINENO:$FUNCNAME: '; set -x`,
      { cmd: "echo traced", check: noLoopText },
    ],
    restarts: false,
  },
  {
    name: "trap 'echo trapped' EXIT, then a normal command",
    steps: [
      "trap 'echo trapped' EXIT",
      { cmd: "echo normal", check: (r) => expect(r.output).toBe("normal\n") },
    ],
    restarts: false,
  },
  {
    name: "trap 'echo dbg' DEBUG",
    steps: [
      "trap 'echo dbg' DEBUG",
      {
        cmd: "echo x",
        check: (r) => {
          noLoopText(r);
          expect(r.output).toContain("x\n");
        },
      },
    ],
    restarts: false,
  },
  {
    name: `trap 'echo "$BASH_COMMAND"' DEBUG: no loop command shows`,
    steps: [`trap 'echo "$BASH_COMMAND"' DEBUG`, { cmd: "echo x", check: noLoopText }],
    restarts: false,
  },
  {
    name: "trap 'echo err' ERR, then failing commands",
    steps: [
      "trap 'echo err-trap' ERR",
      { cmd: "false", check: (r) => expect(r.output).toBe("err-trap\n") },
    ],
    restarts: false,
  },
  {
    name: "trap '' INT TERM HUP",
    steps: ["trap '' INT TERM HUP", "echo fine"],
    restarts: false,
  },
  {
    name: "IFS=:",
    steps: [
      "IFS=:",
      {
        cmd: "echo a b c; x='1:2'; set -- $x; echo $#",
        check: (r) => expect(r.output).toBe("a b c\n2\n"),
      },
    ],
    restarts: false,
  },
  {
    name: "IFS= (empty)",
    steps: ["IFS=", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "unset IFS",
    steps: ["unset IFS", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "set -o pipefail",
    steps: ["set -o pipefail", { cmd: "false | true", check: exit(1) }],
    restarts: false,
  },
  {
    name: "shopt -s nullglob",
    steps: [
      "shopt -s nullglob",
      { cmd: "echo /nope/*", check: (r) => expect(r.output).toBe("\n") },
    ],
    restarts: false,
  },
  {
    name: "shopt -s failglob",
    steps: ["shopt -s failglob", "echo /nope/* || true", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "set -f (noglob)",
    steps: ["set -f", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "set -o noclobber",
    steps: ["set -o noclobber", "echo ok > /tmp/x; echo ok2 > /tmp/x"],
    restarts: false,
  },
  {
    name: "set -o posix",
    steps: ["set -o posix", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "set -v (verbose)",
    steps: ["set -v", { cmd: "echo v", check: noLoopText }],
    restarts: false,
  },
  {
    name: "set -o nounset, then a command",
    steps: ["set -o nounset", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "functions named read, printf, echo, source, cd (then unset -f)",
    steps: [
      "read() { :; }; printf() { :; }; echo() { :; }; source() { :; }; cd() { :; }",
      {
        cmd: "/bin/echo alive-with-them",
        check: (r) => expect(r.output).toBe("alive-with-them\n"),
      },
      { cmd: "builtin cd /tmp && pwd", check: (r) => expect(r.output).toBe("/tmp\n") },
      "builtin cd /tmp/state-dir",
      "unset -f read printf echo source cd",
    ],
    restarts: false,
  },
  {
    name: "functions named eval, export, unset, exec, test, true",
    steps: [
      "eval() { :; }; export() { :; }; unset() { :; }; exec() { :; }; test() { :; }; true() { return 1; }",
      {
        cmd: "/bin/echo alive-with-them",
        check: (r) => expect(r.output).toBe("alive-with-them\n"),
      },
      "builtin unset -f eval export unset exec test true",
    ],
    restarts: false,
  },
  { name: "alias ll='ls -l', then ll", steps: ["alias ll='ls -l'", "ll"], restarts: false },
  {
    name: "shopt -s expand_aliases; alias, then use it",
    steps: ["shopt -s expand_aliases; alias hi='echo aliased'", "hi"],
    restarts: false,
  },
  {
    name: "exec 1>&-",
    steps: ["exec 1>&-", { cmd: "echo after", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "exec 2>&-",
    steps: ["exec 2>&-", { cmd: "echo after >&2", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "exec 3>&-",
    steps: ["exec 3>&-", { cmd: "echo after", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "exec 0<&-",
    steps: ["exec 0<&-", { cmd: "echo after", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "exec 6<&- (the loop's control fd)",
    steps: ["exec 6<&-", { cmd: "echo after", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "exec 7>&- (the loop's status fd)",
    steps: ["exec 7>&-", { cmd: "echo after", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "exec 8>&- 9>&- (the loop's copies of the output pipes)",
    steps: ["exec 8>&- 9>&-", { cmd: "echo after", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "exec >/dev/null: the next command's output is still seen",
    steps: ["exec >/dev/null", { cmd: "echo seen", check: (r) => expect(r.output).toBe("seen\n") }],
    restarts: false,
  },
  {
    name: "exec 2>/dev/null: the next command's errors are still seen",
    steps: [
      "exec 2>/dev/null",
      { cmd: "echo seen >&2", check: (r) => expect(r.output).toBe("seen\n") },
    ],
    restarts: false,
  },
  {
    name: "exec >/tmp/log 2>&1",
    steps: [
      "exec >/tmp/log 2>&1",
      { cmd: "echo seen", check: (r) => expect(r.output).toBe("seen\n") },
    ],
    restarts: false,
  },
  {
    name: "exec 6>/tmp/evil: writing to the loop's descriptor numbers",
    steps: ["exec 6>/tmp/evil 7>/tmp/evil2", { cmd: "echo after", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "ulimit -n 64: holds for the next command",
    steps: ["ulimit -n 64", { cmd: "echo after; ulimit -n", check: prints("after\n64\n") }],
    restarts: false,
  },
  {
    name: "ulimit -v (low memory for later commands)",
    steps: ["ulimit -v 200000", { cmd: "echo after", check: prints("after\n") }],
    restarts: false,
  },
  {
    name: "export PATH=/nonexistent",
    steps: ["export PATH=/nonexistent", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "unset PWD OLDPWD HOME",
    steps: ["unset PWD OLDPWD HOME", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "readonly SK_KEEP",
    steps: ["readonly SK_KEEP", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  { name: "history", steps: ["history", "history -c"], restarts: false },
  {
    name: "set -o history; set -o vi",
    steps: ["set -o history; set -o vi", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "PROMPT_COMMAND and PS1",
    steps: ["PROMPT_COMMAND='echo pc'; PS1='$ '", { cmd: "echo ok", check: prints("ok\n") }],
    restarts: false,
  },
  {
    name: "cd /nonexistent: fails, cwd stays",
    steps: [
      {
        cmd: "cd /nonexistent",
        check: (r) => {
          expect(r.exitCode).toBe(1);
          expect(r.output).toContain("No such file or directory");
          expect(r.cwd).toBe("/tmp/state-dir");
        },
      },
    ],
    restarts: false,
  },
  {
    name: "cd into a directory, then rm -rf it",
    steps: [
      "mkdir -p /tmp/doomed && cd /tmp/doomed && rm -rf /tmp/doomed",
      { cmd: "echo still-here; ls", check: (r) => expect(r.output).toContain("still-here\n") },
      "cd /tmp/state-dir",
    ],
    restarts: false,
  },
  {
    name: "cd into a directory, rm -rf it, then a restart: the new shell starts somewhere",
    steps: ["mkdir -p /tmp/doomed && cd /tmp/doomed && rm -rf /tmp/doomed", "exit 1"],
    restarts: true,
    after: async (api, id) => {
      const r = await api.exec.exec({ sessionId: id, cmd: 'echo "alive $SK_KEEP"' });
      expect(r.output).toBe("alive kept-value\n");
      expect(r.shellRestarted).toBe(false);
    },
  },
  {
    name: "rm -rf /tmp/* /tmp/.[!.]* (the runner's scratch directory too)",
    steps: ["rm -rf /tmp/* /tmp/.[!.]* 2>/dev/null; true", "mkdir -p /tmp/state-dir"],
    restarts: false,
  },
  {
    name: "unbalanced quote: echo 'oops",
    steps: [{ cmd: "echo 'oops", check: (r) => expect(r.exitCode).toBe(2) }],
    restarts: false,
  },
  { name: 'unbalanced double quote: echo "oops', steps: ['echo "oops'], restarts: false },
  { name: "unbalanced $( : echo $(oops", steps: ["echo $(oops"], restarts: false },
  { name: "incomplete compound: if true; then", steps: ["if true; then"], restarts: false },
  { name: "a stray fi / done", steps: ["fi", "done"], restarts: false },
  { name: "a lone backslash at the end", steps: ["echo a \\"], restarts: false },
  {
    name: "a heredoc",
    steps: [
      {
        cmd: "cat <<EOF\nhello $SK_KEEP\nEOF",
        check: (r) => expect(r.output).toBe("hello kept-value\n"),
      },
    ],
    restarts: false,
  },
  {
    name: "a quoted heredoc",
    steps: [
      { cmd: "cat <<'EOF'\n$SK_KEEP\nEOF", check: (r) => expect(r.output).toBe("$SK_KEEP\n") },
    ],
    restarts: false,
  },
  {
    name: "an unterminated heredoc",
    steps: [{ cmd: "cat <<EOF\nabc", check: (r) => expect(r.output).toContain("abc") }],
    restarts: false,
  },
  {
    name: "a command with CRLF line endings",
    steps: [{ cmd: "echo one\r\necho two\r\n", check: (r) => expect(r.output).toContain("two") }],
    restarts: false,
  },
  { name: "a comment only", steps: ["# just a comment"], restarts: false },
  { name: "only whitespace", steps: [" \n\t\n"], restarts: false },
  { name: "return outside a function", steps: ["return 5"], restarts: false },
  { name: "break outside a loop", steps: ["break", "continue"], restarts: false },
  {
    name: "shift past the end; set -- a b",
    steps: ["shift 5; set -- a b", "echo $#"],
    restarts: false,
  },
  { name: "enable -n echo", steps: ["enable -n echo", "echo ok", "enable echo"], restarts: false },
];

describe("shell robustness: state-changing commands", () => {
  for (const c of cases) {
    test(c.name, async ({ api }) => {
      await runShellCase(api, c);
    });
  }
});
