/** The daemon passes the session's variables under this prefix (src/docker/container-spec.ts). */
const SESSION_ENV_PREFIX = "SANDKASTEN_ENV_";

/**
 * The shell's environment: the image's, less the runner's own settings, then
 * the session's variables, with the sandbox user's basics.
 */
export function shellEnvironment(
  env: NodeJS.ProcessEnv,
  /** Variables a pool container receives when a session takes it. */
  activated: Record<string, string> = {},
): Record<string, string> {
  const result: Record<string, string> = {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    LANG: "C.UTF-8",
    TERM: "dumb",
  };
  const session: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key === "HOSTNAME") continue;
    if (key.startsWith(SESSION_ENV_PREFIX)) session[key.slice(SESSION_ENV_PREFIX.length)] = value;
    else if (!key.startsWith("SANDKASTEN_")) result[key] = value;
  }
  Object.assign(result, session, activated);
  result.HOME = env.SANDKASTEN_HOME ?? "/home/sandbox";
  result.USER = env.SANDKASTEN_USER ?? "sandbox";
  result.LOGNAME = result.USER;
  result.SHELL = "/bin/bash";
  return result;
}
