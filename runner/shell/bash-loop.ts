/**
 * The control loop the persistent bash runs. The runner sends
 * `RUN <id> <file> <split|combined>` on fd 250; bash reads the command from
 * the file and evals it (so messages start "bash: ..." as in a terminal)
 * with stdin from /dev/null and fds 250-253 closed, reports
 * `<id> <exit status>\0<cwd>\0<export -p>\0` on fd 251, then waits for
 * `MARK <marker>` and prints the marker on stdout and stderr, so the runner
 * knows it has read everything the command wrote before it ended.
 *
 * The loop itself runs with stdout and stderr on /dev/null (saved
 * copies on 253 and 252), so `set -x` or a DEBUG trap left behind by a
 * command can't leak into the next command's output. Every builtin is called
 * through `builtin` so a function named `read` or `printf` can't hijack it,
 * and the loop's reads set their own IFS so a command's `IFS=:` can't break
 * them. The eval sits in a one-pass loop of its own, so that a stray `break`
 * or `continue` in a command ends the command, not the control loop. The
 * runner always sets __SK_CWD and __SK_RESTORE (exported variables to
 * re-create after a restart, as `export -p` printed them).
 *
 * Stopping a command (timeout, cancel): the runner sends SIGINT to bash and
 * kills what the command started. The INT trap turns on a DEBUG trap that,
 * with extdebug, skips every further command of the command and returns from
 * its functions, so `sleep 100; rm -rf x` stops at the sleep; __sk_done,
 * the loop's next statement, turns it off again. A SIGINT that comes when no
 * command runs changes nothing. (A command that sets its
 * own INT trap, or loops over nothing but skipped commands, is stopped by the
 * runner restarting the shell instead.)
 */
export const BASH_LOOP = String.raw`
exec 250<&3 251>&4 252>&2 253>&1 3<&- 4>&-
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
builtin trap __sk_abort INT
while IFS=' ' builtin read -r __sk_op __sk_id __sk_file __sk_mode <&250; do
  IFS= builtin read -r -d '' __sk_cmd <"$__sk_file"
  __sk_running=1
  for __sk_once in 1; do
    if [[ "$__sk_mode" == combined ]]; then
      builtin eval "$__sk_cmd" </dev/null >&253 2>&253 250<&- 251>&- 252>&- 253>&-
    else
      builtin eval "$__sk_cmd" </dev/null >&253 2>&252 250<&- 251>&- 252>&- 253>&-
    fi
  done
  __sk_done $?
  builtin printf '%s %s\0%s\0' "$__sk_id" "$__sk_rc" "$PWD" >&251
  builtin export -p >&251
  builtin printf '\0' >&251
  IFS=' ' builtin read -r __sk_op __sk_mark <&250
  builtin printf '%s' "$__sk_mark" >&253
  builtin printf '%s' "$__sk_mark" >&252
  builtin unset __sk_mark __sk_op __sk_id __sk_file __sk_mode __sk_rc __sk_cmd __sk_once
done >/dev/null 2>&1
`;
