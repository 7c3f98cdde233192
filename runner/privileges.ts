/**
 * The runner keeps real uid 0, so that the sandbox user can neither signal
 * nor trace it, but works with the sandbox user's effective ids, so that
 * every file it touches is touched with exactly the shell's permissions.
 * Only spawning the shell needs root's capabilities for a moment.
 */
export interface SandboxUser {
  uid: number;
  gid: number;
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

export function becomeSandboxUser(user: SandboxUser): void {
  if (!runningAsRoot()) return;
  process.setgroups?.([user.gid]);
  process.setegid?.(user.gid);
  process.seteuid?.(user.uid);
}

/**
 * Runs a synchronous function with effective uid 0. Every file operation in
 * the runner is synchronous too, so none can run inside this window.
 */
export function withRoot<T>(user: SandboxUser, fn: () => T): T {
  if (!runningAsRoot()) return fn();
  process.seteuid?.(0);
  process.setegid?.(0);
  try {
    return fn();
  } finally {
    process.setegid?.(user.gid);
    process.seteuid?.(user.uid);
  }
}
