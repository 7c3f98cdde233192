/**
 * How the session's commands run, as the daemon configured the container
 * (defaults.exec_mode and defaults.shell_prefer, passed as SANDKASTEN_EXEC_MODE
 * and SANDKASTEN_SHELL_PREFER; src/docker/container-spec.ts).
 *
 * - stateful bash: each command is evaluated in the session's one bash, so
 *   everything carries over (the default).
 * - stateless: each command runs in a fresh shell process, a child of that
 *   bash, which itself never runs a command: it starts in /workspace with the
 *   session's variables every time, and nothing carries over.
 * - sh: /bin/sh runs each command's text (dash in our images), a fresh one per
 *   command, since the control loop needs bash. Stateful, it starts where
 *   the previous one ended, with the variables it exported: the directory
 *   and exports carry over, as they do across a restart of the bash;
 *   functions, other variables, options and aliases do not.
 */
export interface ShellMode {
  stateless: boolean;
  sh: boolean;
}

export const STATEFUL_BASH: ShellMode = { stateless: false, sh: false };

/** The mode a container's runner was started with; anything unknown is the default. */
export function shellModeOf(env: NodeJS.ProcessEnv): ShellMode {
  return {
    stateless: env.SANDKASTEN_EXEC_MODE === "stateless",
    sh: env.SANDKASTEN_SHELL_PREFER === "sh",
  };
}
