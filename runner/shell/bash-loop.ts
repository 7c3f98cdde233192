import type { ShellMode } from "./shell-mode.js";

/**
 * The control loop the persistent bash runs. For each command the runner
 * writes the command to one fixed file (command-file.ts) and sends
 * `<op> <id>` on fd 6: op `s` (stdout and stderr apart) or `c` (combined),
 * with an `o` after it for the runner's own set-up (see freshUnlessOwn).
 * Bash reads the command from the file and evals it (so messages start
 * "bash: ..." as in a terminal) with stdin from /dev/null and fds 6-9
 * closed, then reports `<export -p>\0<id> <exit status>\0<cwd>\0` on fd 7.
 *
 * Output completeness: the status is written after the command's
 * foreground processes ended, so everything they wrote is in the output
 * pipes by then; the runner reads the pipes until they are empty before it
 * ends the command. Only when it can't (a paused or backed-up stream) does
 * it send `m <marker>` on fd 6, which bash prints on stdout and stderr: the
 * runner has everything once it has read up to the marker. The marker is
 * drawn after the command ended, so no command can know it.
 *
 * The loop itself runs with stdout and stderr on /dev/null (the pipes' copies
 * on 8 and 9), so `set -x` or a DEBUG trap left behind by a
 * command can't leak into the next command's output; for the same reason the
 * status is written by single simple commands, each with its own
 * redirection (a DEBUG trap runs inside a `{ ...; } >&7` group, and would
 * write into the status). Every builtin is called
 * through `builtin` so a function named `read` or `printf` can't hijack it,
 * and the loop's reads set their own IFS so a command's `IFS=:` can't break
 * them. The eval sits in a one-pass loop of its own, so that a stray `break`
 * or `continue` in a command ends the command, not the control loop. The
 * command file's path is written into the loop's text, where no command can
 * change it. The runner always sets __SK_CWD and __SK_RESTORE (exported
 * variables to re-create after a restart, as `export -p` printed them).
 *
 * Low descriptor numbers: after a command bash puts fds 6-9 back with
 * dup2, which fails for a number at or above RLIMIT_NOFILE. So the loop's
 * fds sit below 10, and `ulimit -n 100` (or 20) in a command holds for the
 * next ones. Fds 3-5 and 10 up stay the commands' own, kept from one command
 * to the next; 6-9 may be used within a command. Below MIN_OPEN_FILES the
 * loop's own redirections would fail and take the shell with them: the
 * `ulimit` function refuses that in the session's shell with a message (the
 * limit stays as it was); a subshell, where the lower limit ends with it,
 * may go lower. (`builtin ulimit` and `command ulimit` skip the function;
 * below 12 the shell then loses its fds and restarts, as after `exit`.)
 *
 * Stopping a command (timeout, cancel): the runner sends SIGINT to bash and
 * kills what the command started. The INT trap turns on a DEBUG trap that,
 * with extdebug, skips every further command of the command and returns from
 * its functions, so `sleep 100; rm -rf x` stops at the sleep; __sk_done,
 * the loop's next statement, turns it off again. A SIGINT that comes when no
 * command runs changes nothing. (A command that sets its
 * own INT trap, or loops over nothing but skipped commands, is stopped by the
 * runner restarting the shell instead.)
 *
 * In the stateless and sh modes (shell-mode.ts) this bash evals nothing
 * itself: it starts a fresh bash or sh per command, a child whose whole
 * tree a stop kills, so the loop keeps the directory, variables and limits
 * it started with, or (stateful sh) takes over only the directory and the
 * exports the sh left behind. Descriptors and ulimits a command sets end with
 * its shell.
 */

/**
 * A fresh shell for one command, run by the loop in the stateless and sh
 * modes (shell-mode.ts), with the command's file as "$1". Each reads and
 * evals it as the session's shell does (dash, which has no read -d, through
 * cat), so messages read "bash: line 1: ..." and "sh: 1: eval: ...". When
 * "$2" names a file, sh leaves its directory and exports there for the loop
 * to take over (__sk_keep, which empties it again), from a subshell: a write
 * that fails (a low ulimit -n, the scratch directory removed) loses the
 * state, never the exit code. Both go into the loop as a single-quoted word.
 */
const BASH_CHILD = `IFS= builtin read -r -d "" __sk_cmd <"$1"; builtin shift $#; builtin eval "$__sk_cmd"`;
const SH_CHILD = String.raw`__sk_s=$2
__sk_cmd=$(/bin/cat -- "$1") || exit 126
shift $#
eval "$__sk_cmd"
__sk_rc=$?
[ -z "$__sk_s" ] || (exec 2>/dev/null >"$__sk_s" && printf "%s\0" "$PWD" && export -p && printf "\0")
exit "$__sk_rc"`;

const READ_COMMAND = `IFS= builtin read -r -d '' __sk_cmd <@FILE@`;

/**
 * A fresh shell for the command, unless the runner marked it `own` (its own
 * set-up of the session's shell, such as taking a session's variables):
 * that one the loop evals itself.
 */
const freshUnlessOwn = (child: string) =>
  `if [[ "$__sk_op" == ?o ]]; then ${READ_COMMAND}; builtin eval "$__sk_cmd"; else ${child}; fi`;

/** What the loop does with __sk_file in each mode: read it, run it, take over the state it left. */
function statements(mode: ShellMode): { read: string; run: string; keep: string } {
  if (mode.sh) {
    const keep = mode.stateless ? '""' : "@STATE@";
    return {
      read: ":",
      run: freshUnlessOwn(`/bin/sh -c '${SH_CHILD}' sh @FILE@ ${keep}`),
      keep: mode.stateless ? ":" : "__sk_keep @STATE@",
    };
  }
  if (mode.stateless) {
    return {
      read: ":",
      run: freshUnlessOwn(`/bin/bash --noprofile --norc -c '${BASH_CHILD}' bash @FILE@`),
      keep: ":",
    };
  }
  return { read: READ_COMMAND, run: 'builtin eval "$__sk_cmd"', keep: ":" };
}

/**
 * The fewest open files the session's shell may be limited to. Bash 5.2
 * keeps the fds it saves while redirecting on 10 and up: with this loop it
 * loses its own fds at a limit of 12 and fails some of a command's
 * redirections at 13 and 14; from 15 everything works.
 */
export const MIN_OPEN_FILES = 16;

/**
 * The control loop for `mode`, reading each command from `commandFile`: the
 * same in every mode but for how a command is run.
 */
export function bashLoop(mode: ShellMode, commandFile: string): string {
  const s = statements(mode);
  return LOOP.replace("@READ@", () => s.read)
    .replaceAll("@RUN@", () => s.run)
    .replace("@KEEP@", () => s.keep)
    .replaceAll("@FILE@", () => quoted(commandFile))
    .replaceAll("@STATE@", () => quoted(`${commandFile}.state`));
}

/** `text` as one single-quoted shell word. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

const LOOP = String.raw`
exec 6<&3 7>&4 8>&1 9>&2 3<&- 4>&-
builtin eval "$__SK_RESTORE" >/dev/null 2>&1
builtin cd -- "$__SK_CWD" >/dev/null 2>&1 || builtin cd / 2>/dev/null
builtin unset __SK_RESTORE __SK_CWD
__sk_aborted=
__sk_running=
__sk_abort() {
  [[ -n "$__sk_running" && -z "$__sk_aborted" ]] || builtin return 0
  __sk_aborted=1
  builtin shopt -s extdebug
  builtin trap __sk_skip DEBUG
}
__sk_skip() {
  [[ "${"$"}{FUNCNAME[1]-}" == __sk_done || "$BASH_COMMAND" == "__sk_done "* ]] && builtin return 0
  builtin return 2
}
__sk_done() {
  __sk_rc=$1
  __sk_running=
  if [[ -n "$__sk_aborted" ]]; then
    builtin trap - DEBUG
    builtin shopt -u extdebug
    __sk_rc=130
    __sk_aborted=
  fi
}
ulimit() {
  [[ "$BASHPID" == "$$" ]] || { builtin ulimit "$@"; builtin return; }
  builtin local IFS=$'\n' __sk_limits __sk_i __sk_old __sk_new
  __sk_limits=($(builtin ulimit -Sn; builtin ulimit -Hn; builtin ulimit "$@" >/dev/null 2>&1 || builtin exit 1; builtin ulimit -Sn; builtin ulimit -Hn)) || { builtin ulimit "$@"; builtin return; }
  for __sk_i in 0 1; do
    __sk_old=${"$"}{__sk_limits[__sk_i]} __sk_new=${"$"}{__sk_limits[__sk_i + 2]}
    if [[ "$__sk_new" != unlimited ]] && (( __sk_new < ${MIN_OPEN_FILES} )) && [[ "$__sk_old" == unlimited || "$__sk_new" -lt "$__sk_old" ]]; then
      builtin printf 'bash: ulimit: open files: %s is below %s, the least the session shell needs for its own descriptors; limit not changed (a subshell may go lower: ( ulimit -n %s; command ))\n' "$__sk_new" ${MIN_OPEN_FILES} "$__sk_new" >&2
      builtin return 1
    fi
  done
  builtin ulimit "$@"
}
__sk_keep() {
  builtin local __sk_dir __sk_env __sk_name IFS=$'\n'
  { IFS= builtin read -r -d '' __sk_dir && IFS= builtin read -r -d '' __sk_env; } <"$1" || builtin return 0
  for __sk_name in $(builtin compgen -e); do builtin unset -v "$__sk_name"; done
  builtin eval "$__sk_env"
  builtin cd -- "$__sk_dir"
  builtin : >"$1"
}
builtin trap __sk_abort INT
while IFS=' ' builtin read -r -u 6 __sk_op __sk_id; do
  if [[ "$__sk_op" == m ]]; then
    builtin printf '%s' "$__sk_id" >&8
    builtin printf '%s' "$__sk_id" >&9
    builtin continue
  fi
  @READ@
  __sk_running=1
  for __sk_once in 1; do
    if [[ "$__sk_op" == c* ]]; then
      @RUN@ </dev/null >&8 2>&8 6<&- 7>&- 8>&- 9>&-
    else
      @RUN@ </dev/null >&8 2>&9 6<&- 7>&- 8>&- 9>&-
    fi
  done
  __sk_done $?
  @KEEP@
  builtin export -p >&7
  builtin printf '\0%s %s\0%s\0' "$__sk_id" "$__sk_rc" "$PWD" >&7
  builtin unset __sk_op __sk_id __sk_rc __sk_cmd __sk_once
done >/dev/null 2>&1
`;
