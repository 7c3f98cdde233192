import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let version: string | undefined;

/**
 * The version in the checkout's package.json, found upwards from this module
 * (src/rest/ in the source, dist/ in the bundle); "unknown" when none is.
 */
export function daemonVersion(): string {
  version ??= findVersion(dirname(fileURLToPath(import.meta.url)));
  return version;
}

function findVersion(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "sandkasten" && typeof pkg.version === "string") return pkg.version;
    }
    if (dirname(dir) === dir) return "unknown";
  }
}
