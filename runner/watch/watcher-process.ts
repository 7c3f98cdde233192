import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { type SandboxUser, withRoot } from "../privileges.js";

export interface WatcherOptions {
  /** The static helper (native/watcher). */
  binary: string;
  user: SandboxUser;
  /** Absolute. */
  path: string;
  recursive: boolean;
  /** Most events the helper keeps while the runner does not read. */
  queueLimit: number;
}

/** Where a failed spawn's error is kept: the output then just ends. */
export interface WatcherProcess {
  output: Readable;
  spawnError(): Error | undefined;
  stop(): void;
}

/** Starts the helper as the sandbox user, so that it watches only what the shell could read. */
export function startWatcher(o: WatcherOptions): WatcherProcess {
  const args = [...(o.recursive ? ["-r"] : []), "-limit", String(o.queueLimit), "--", o.path];
  const child: ChildProcess = withRoot(o.user, () =>
    spawn(o.binary, args, {
      cwd: "/",
      env: {},
      uid: o.user.uid,
      gid: o.user.gid,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let failed: Error | undefined;
  child.on("error", (err) => {
    failed = err;
  });
  for (const s of [child.stdout, child.stderr]) s?.on("error", () => {});
  child.stderr?.on("data", (chunk: Buffer) =>
    console.error(`watcher: ${chunk.toString("utf8", 0, Math.min(chunk.length, 512)).trimEnd()}`),
  );
  return {
    output: child.stdout as Readable,
    spawnError: () => failed,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
