import { flagWord } from "./flag-format.js";
import { settings, setValueAt, valueAt } from "./settings.js";

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

/**
 * Choices the original daemon named otherwise, by setting: its seccomp
 * profile "mvp" (a short deny list) is what the engine's default profile
 * gives here.
 */
const ORIGINAL_CHOICES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "security.seccomp": { mvp: "default" },
};

/** The choice `given` means for `key`, where the original daemon spelt it otherwise. */
function preferredChoice(key: string, given: unknown): string | undefined {
  if (typeof given !== "string") return undefined;
  const names = ORIGINAL_CHOICES[key];
  return names && Object.hasOwn(names, given) ? names[given] : undefined;
}

/**
 * The file's values and the environment with the original daemon's names of
 * choices replaced by ours, before they are validated against the choices.
 */
export function withPreferredChoices(
  fileValues: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
): { fileValues: Record<string, unknown>; env: NodeJS.ProcessEnv } {
  const values = structuredClone(fileValues) as Record<string, unknown>;
  const vars = { ...env };
  for (const setting of settings) {
    const fromFile = preferredChoice(setting.key, valueAt(values, setting.path));
    if (fromFile !== undefined) setValueAt(values, setting.path, fromFile);
    if (setting.env === undefined) continue;
    const fromEnv = preferredChoice(setting.key, vars[setting.env]);
    if (fromEnv !== undefined) vars[setting.env] = fromEnv;
  }
  return { fileValues: values, env: vars };
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
    } else if (preferredChoice(setting.key, given) !== undefined) {
      found.push({ key: setting.key, given, preferred: preferredChoice(setting.key, given) });
    }
  }
  return found;
}
