import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * web/dist of the checkout the daemon runs from (src/ in development,
 * dist/sandkasten.mjs when bundled); undefined when there is no web/ folder.
 */
export function findDashboardDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "web", "package.json"))) return join(dir, "web", "dist");
    dir = dirname(dir);
  }
  return undefined;
}
