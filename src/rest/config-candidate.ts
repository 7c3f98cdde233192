import { type ConfigEntry, ConfigSource } from "../../gen/sandkasten/v1/config_pb.js";

const winsOverFile = new Set([ConfigSource.ENV, ConfigSource.OVERRIDE]);

/**
 * A whole GET /api/config answer sent back names settings the environment
 * sets; ConfigService refuses any such key, changed or not. Leave out those
 * the candidate does not change, so that only real edits are checked. A
 * candidate made only of such settings is kept whole: its answer says why
 * they cannot be saved.
 */
export function withoutUnchangedShadowed(
  candidate: Record<string, string>,
  running: readonly ConfigEntry[],
): Record<string, string> {
  const entries = new Map(running.map((e) => [e.key, e]));
  const kept = Object.entries(candidate).filter(([key, json]) => {
    const entry = entries.get(key);
    return (
      entry === undefined || !winsOverFile.has(entry.source) || !sameJson(entry.valueJson, json)
    );
  });
  return kept.length > 0 ? Object.fromEntries(kept) : candidate;
}

function sameJson(a: string, b: string): boolean {
  return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
}
