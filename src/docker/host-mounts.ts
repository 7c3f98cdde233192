import { existsSync, lchownSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import type { Mounter } from "./mounter.js";

/**
 * Host-side mounts that give a running pool container its workspace: the
 * container binds `dir` at /workspace with rslave propagation; `dir` is made
 * a shared mount of itself first, so a later bind onto it shows up inside.
 */
export async function prepareMountPoint(
  mounter: Mounter,
  dir: string,
  uid: number,
  gid: number,
): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  lchownSync(dir, uid, gid);
  await mounter.share(dir);
}

/** Whether `dir` or anything below it is a mount point. */
export function hasMounts(dir: string): boolean {
  const mounts = readFileSync("/proc/self/mountinfo", "utf8");
  return mounts.split("\n").some((line) => {
    const point = line.split(" ")[4] ?? "";
    return point === dir || point.startsWith(`${dir}/`);
  });
}

/**
 * Unmounts everything at `dir`, then removes it with what a session without
 * a workspace left in it. Only once no mount is left at or below it: a
 * user's workspace bound there must never be emptied by mistake.
 */
export async function releaseMountPoint(mounter: Mounter, dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (let i = 0; i < 4 && hasMounts(dir); i++) {
    await mounter.detach(dir).catch(() => {});
  }
  if (hasMounts(dir)) throw new Error(`${dir} is still mounted`);
  rmSync(dir, { recursive: true, force: true });
}
