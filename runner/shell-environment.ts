/**
 * The shell's environment: the container's (which carries the session's
 * variables), less the runner's own settings, with the sandbox user's basics.
 */
export function shellEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    LANG: "C.UTF-8",
    TERM: "dumb",
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key.startsWith("SANDKASTEN_") || key === "HOSTNAME") continue;
    result[key] = value;
  }
  result.HOME = env.SANDKASTEN_HOME ?? "/home/sandbox";
  result.USER = env.SANDKASTEN_USER ?? "sandbox";
  result.LOGNAME = result.USER;
  result.SHELL = "/bin/bash";
  return result;
}
