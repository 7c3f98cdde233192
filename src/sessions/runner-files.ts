import { existsSync } from "node:fs";
import { join } from "node:path";
import { findCheckout } from "../checkout.js";

export interface RunnerFiles {
  node: string;
  bundle: string;
  /** The confined workspace file helper (native/wsfs). */
  wsfs: string;
  /** The terminal helper mounted into containers (native/ptyhost). */
  ptyhost: string;
  /** The file watch helper mounted into containers (native/watcher). */
  watcher: string;
  /** The pool's host-side mount helper (native/mounter). */
  mounter: string;
}

/**
 * The runner is injected into every container: the daemon's own Node binary
 * and dist/runner.mjs, both mounted read-only, so any glibc image with bash
 * works without a rebuild.
 */
export function findRunnerFiles(): RunnerFiles {
  const root = findCheckout();
  const dist = root === undefined ? undefined : join(root, "dist");
  if (dist === undefined || !existsSync(join(dist, "runner.mjs"))) {
    throw new Error("dist/runner.mjs is missing: run 'npm run build' first");
  }
  return {
    node: process.execPath,
    bundle: join(dist, "runner.mjs"),
    wsfs: join(dist, "wsfs"),
    ptyhost: join(dist, "ptyhost"),
    watcher: join(dist, "watcher"),
    mounter: join(dist, "mounter"),
  };
}
