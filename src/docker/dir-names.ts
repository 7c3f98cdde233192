import { readdirSync } from "node:fs";

/** The names in a directory; none when it does not exist. */
export function dirNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
