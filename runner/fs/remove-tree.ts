import { lstatSync, readdirSync, rmdirSync, unlinkSync } from "node:fs";
import { joinBytes } from "./byte-paths.js";
import { errnoOf } from "./errors.js";

/**
 * rm -r: removes `path` and everything below it; links are removed, never
 * followed. Written out because rmSync({recursive: true}) loses names that
 * are not valid UTF-8 (it reports ENOENT for them). Entries that vanish
 * meanwhile are skipped; any other error stops it with its own errno.
 */
export function removeTree(path: Buffer): void {
  if (!lstatSync(path).isDirectory()) {
    unlinkSync(path);
    return;
  }
  for (const name of readdirSync(path, { encoding: "buffer" })) {
    try {
      removeTree(joinBytes(path, name));
    } catch (err) {
      if (errnoOf(err) !== "ENOENT") throw err;
    }
  }
  rmdirSync(path);
}
