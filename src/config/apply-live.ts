import type { Config } from "./load.js";
import { type Setting, setValueAt, valueAt } from "./settings.js";

/**
 * Copies the live settings among `changed` from `next` into the running
 * configuration, in place: every part of the daemon holds that one object
 * and reads these settings on each use. Returns the keys applied.
 */
export function applyLive(running: Config, next: Config, changed: readonly Setting[]): string[] {
  const applied: string[] = [];
  for (const setting of changed) {
    if (!setting.live) continue;
    setValueAt(
      running as unknown as Record<string, unknown>,
      setting.path,
      structuredClone(valueAt(next, setting.path)),
    );
    applied.push(setting.key);
  }
  return applied;
}
