import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let found: string | null | undefined;

/**
 * The checkout this code runs from: the nearest folder above this module
 * (src/ in development, dist/sandkasten.mjs when bundled) that holds
 * images/ and package.json; undefined when there is none.
 */
export function findCheckout(): string | undefined {
  if (found === undefined) {
    found = null;
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
      if (existsSync(join(dir, "images")) && existsSync(join(dir, "package.json"))) {
        found = dir;
        break;
      }
      dir = dirname(dir);
    }
  }
  return found ?? undefined;
}
