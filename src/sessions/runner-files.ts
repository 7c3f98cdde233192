import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface RunnerFiles {
  node: string;
  bundle: string;
  /** The confined workspace file helper (native/wsfs). */
  wsfs: string;
  /** The terminal helper mounted into containers (native/ptyhost). */
  ptyhost: string;
}

/**
 * The runner is injected into every container: the daemon's own Node binary
 * and dist/runner.mjs, both mounted read-only, so any glibc image with bash
 * works without a rebuild.
 */
export function findRunnerFiles(): RunnerFiles {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const dist of [join(dir, "dist"), dir]) {
      const bundle = join(dist, "runner.mjs");
      if (existsSync(bundle)) {
        return {
          node: process.execPath,
          bundle,
          wsfs: join(dist, "wsfs"),
          ptyhost: join(dist, "ptyhost"),
        };
      }
    }
    dir = dirname(dir);
  }
  throw new Error("dist/runner.mjs is missing: run 'npm run build' first");
}
