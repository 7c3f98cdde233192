import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";
import { findRunnerFiles, type RunnerFiles } from "../sessions/runner-files.js";

/**
 * Set by the daemon image (deploy/Dockerfile): this process runs in a
 * container and talks to the host's engine, which resolves every bind
 * mount source on the host. Only data_dir has the same path on both sides.
 */
export function inContainer(): boolean {
  return process.env.SANDKASTEN_IN_CONTAINER === "1";
}

/**
 * The runner files for a daemon in a container: its Node binary, the runner
 * bundle, ptyhost and watcher are copied into `<data_dir>/runner/<hash>/`, a path the
 * host's engine can bind into session containers. The directory is named
 * after the files' contents, so an upgrade gets a new one and running
 * containers keep the files they were started with. The helpers the daemon
 * runs itself (wsfs, mounter) stay where they are.
 */
export function stageRunnerFiles(dataDir: string, files = findRunnerFiles()): RunnerFiles {
  const names = {
    node: "node",
    bundle: "runner.mjs",
    ptyhost: "ptyhost",
    watcher: "watcher",
  } as const;
  const keys = ["node", "bundle", "ptyhost", "watcher"] as const;
  const hash = createHash("sha256");
  for (const key of keys) hash.update(readFileSync(files[key]));
  const dir = join(dataDir, "runner", hash.digest("hex").slice(0, 16));
  if (!existsSync(dir)) {
    // Copied beside it, then renamed: a daemon stopped half-way leaves no partial directory.
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true, mode: 0o755 });
    for (const key of keys) {
      copyFileSync(files[key], join(partial, names[key]));
      chmodSync(join(partial, names[key]), key === "bundle" ? 0o644 : 0o755);
    }
    try {
      renameSync(partial, dir);
    } catch (err) {
      // Another daemon on the same data_dir staged the same files first.
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(dir)) throw err;
    }
  }
  const named = {
    node: join(dir, names.node),
    bundle: join(dir, names.bundle),
    ptyhost: join(dir, names.ptyhost),
    watcher: join(dir, names.watcher),
  };
  return { ...files, ...named };
}
