import { execFile } from "node:child_process";
import { existsSync, lchownSync, mkdirSync, readFileSync, rmdirSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Host-side mounts that give a running pool container its workspace: the
 * container binds `dir` at /workspace with rslave propagation; `dir` is made
 * a shared mount of itself first, so a later bind onto it shows up inside.
 */
export async function prepareMountPoint(dir: string, uid: number, gid: number): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  lchownSync(dir, uid, gid);
  await run("mount", ["--bind", dir, dir]);
  await run("mount", ["--make-shared", dir]);
}

export async function bindOnto(source: string, dir: string): Promise<void> {
  await run("mount", ["--bind", source, dir]);
}

export function isMountPoint(dir: string): boolean {
  const mounts = readFileSync("/proc/self/mountinfo", "utf8");
  return mounts.split("\n").some((line) => line.split(" ")[4] === dir);
}

/**
 * Unmounts everything at `dir` and removes the then empty directory. Never
 * removes anything recursively: a directory still holding a mount (a user's
 * workspace) must not be emptied by mistake.
 */
export async function releaseMountPoint(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (let i = 0; i < 4 && isMountPoint(dir); i++) {
    await run("umount", ["-l", dir]).catch(() => {});
  }
  if (isMountPoint(dir)) throw new Error(`${dir} is still mounted`);
  rmdirSync(dir);
}

/** An empty directory for a pooled session without a workspace. */
export async function prepareEphemeral(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  lchownSync(dir, 1000, 1000);
}
