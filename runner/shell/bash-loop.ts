/**
 * The control loop the persistent bash runs. The runner sends
 * `RUN <id> <file> <split|combined>` on fd 250; bash reads the command from
 * the file and evals it (so messages read "bash: line 1: ..." as in a
 * terminal) with stdin from /dev/null and fds 250-253 closed, reports
 * `<id> <exit status>\0<cwd>\0<export -p>\0` on fd 251, then waits for
 * `MARK <marker>` and prints the marker on stdout and stderr, so the runner
 * knows it has read everything the command wrote before it ended.
 *
 * The loop itself runs with stdout and stderr on /dev/null (saved
 * copies on 253 and 252), so `set -x` or a DEBUG trap left behind by a
 * command can't leak into the next command's output. Every builtin is called
 * through `builtin` so a function named `read` or `printf` can't hijack it,
 * and the loop's reads set their own IFS so a command's `IFS=:` can't break
 * them. The runner always sets __SK_CWD and __SK_RESTORE (exported variables to
 * re-create after a restart, as `export -p` printed them).
 */
export const BASH_LOOP = String.raw`
exec 250<&3 251>&4 252>&2 253>&1 3<&- 4>&-
builtin eval "$__SK_RESTORE" >/dev/null 2>&1
builtin cd -- "$__SK_CWD" >/dev/null 2>&1 || builtin cd / 2>/dev/null
builtin unset __SK_RESTORE __SK_CWD
while IFS=' ' builtin read -r __sk_op __sk_id __sk_file __sk_mode <&250; do
  IFS= builtin read -r -d '' __sk_cmd <"$__sk_file"
  if [[ "$__sk_mode" == combined ]]; then
    builtin eval "$__sk_cmd" </dev/null >&253 2>&253 250<&- 251>&- 252>&- 253>&-
  else
    builtin eval "$__sk_cmd" </dev/null >&253 2>&252 250<&- 251>&- 252>&- 253>&-
  fi
  __sk_rc=$?
  builtin printf '%s %s\0%s\0' "$__sk_id" "$__sk_rc" "$PWD" >&251
  builtin export -p >&251
  builtin printf '\0' >&251
  IFS=' ' builtin read -r __sk_op __sk_mark <&250
  builtin printf '%s' "$__sk_mark" >&253
  builtin printf '%s' "$__sk_mark" >&252
  builtin unset __sk_mark __sk_op __sk_id __sk_file __sk_mode __sk_rc __sk_cmd
done >/dev/null 2>&1
`;
