import { flagWord } from "./flag-format.js";
import { settings, valueAt } from "./settings.js";

/**
 * Values a config file may spell as the original daemon's files did. They
 * are read with the same meaning; `sandkasten doctor` names the spelling
 * this daemon prefers.
 */
export interface OtherSpelling {
  key: string;
  given: unknown;
  preferred: unknown;
}

/** The original daemon's name for Docker's default bridge network ("full network access"). */
const ORIGINAL_FULL_NETWORK = "full";

/** defaults.network_mode as Docker takes it. */
export function networkMode(value: string): string {
  return value === ORIGINAL_FULL_NETWORK ? "bridge" : value;
}

/** Every value of a config file's mapping that has a preferred spelling. */
export function otherSpellings(fileValues: Readonly<Record<string, unknown>>): OtherSpelling[] {
  const found: OtherSpelling[] = [];
  for (const setting of settings) {
    const given = valueAt(fileValues, setting.path);
    if (setting.kind === "boolean" && typeof given === "string") {
      const preferred = flagWord(given);
      if (preferred !== undefined) found.push({ key: setting.key, given, preferred });
    } else if (setting.key === "defaults.network_mode" && given === ORIGINAL_FULL_NETWORK) {
      found.push({ key: setting.key, given, preferred: networkMode(given) });
    }
  }
  return found;
}
