import type { ShellLifecycle } from "./runner-service.js";
import type { PersistentShell } from "./shell/persistent-shell.js";

/** How long applying a session's variables to a warm shell may take. */
const ACTIVATE_TIMEOUT_MS = 10_000;

/**
 * The runner's one shell and the environment its terminals get. A session's
 * own container starts it at once with the session's variables; a pool
 * container starts it on Warm, without them, and on Activate enters the
 * workspace afresh (bound onto /workspace after the shell started) and
 * exports them, as if it had started with them.
 */
export class ShellHolder implements ShellLifecycle {
  shell: PersistentShell | undefined;
  /** The variables a terminal starts with. */
  environment: Record<string, string> | undefined;
  private activated = false;

  constructor(
    private readonly start: (environment: Record<string, string>) => PersistentShell,
    private readonly environmentFor: (sessionEnv: Record<string, string>) => Record<string, string>,
    private readonly workspaceDir: string,
  ) {}

  /** Starts the shell of a session's own container (its variables came with the container). */
  startNow(): void {
    this.activated = true;
    this.warm();
  }

  warm(): boolean {
    if (this.shell) return false;
    this.environment = this.environmentFor({});
    this.shell = this.start(this.environment);
    return true;
  }

  async activate(env: Record<string, string>): Promise<boolean> {
    if (this.activated) return false;
    this.activated = true;
    this.environment = this.environmentFor(env);
    if (!this.shell) {
      this.shell = this.start(this.environment);
      return true;
    }
    let exitCode: number | undefined;
    for await (const event of this.shell.run({
      cmd: enterAndExport(this.workspaceDir, env),
      timeoutMs: ACTIVATE_TIMEOUT_MS,
      combine: true,
      ownShell: true,
    })) {
      if (event.kind === "ended") exitCode = event.exitCode;
    }
    if (exitCode !== 0)
      throw new Error(`the shell could not take the session's variables (${exitCode})`);
    return true;
  }
}

/** Bash that enters the workspace again and exports `env`, each value quoted. */
export function enterAndExport(workspaceDir: string, env: Record<string, string>): string {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`);
  return [`cd ${quote(workspaceDir)}`, "unset OLDPWD", ...exports].join(" && ");
}
