import type { ConfigOrigin } from "./config-origin.js";
import {
  buildConfig,
  type Config,
  ConfigError,
  type ConfigProblem,
  readConfigFile,
} from "./load.js";
import { isMaskedSecret } from "./secret-mask.js";
import { type Setting, settingsByKey, setValueAt, valueAt } from "./settings.js";

/** A candidate checked against the running configuration. */
export interface CheckedCandidate {
  problems: ConfigProblem[];
  /** Settings the candidate sets, with their parsed values (masked secrets left out). */
  writes: { setting: Setting; value: unknown }[];
  /** The configuration the daemon would run with after a restart. */
  next: Config | undefined;
  /** Settings whose value differs from the running one. */
  changed: Setting[];
}

/**
 * Checks a candidate (setting → value as JSON) on top of the config file as
 * it is now: each key must exist, parse, not be set by a source that wins
 * over the file, and the whole result must validate.
 */
export function checkCandidate(
  running: Config,
  origin: ConfigOrigin,
  candidate: Record<string, string>,
): CheckedCandidate {
  const problems: ConfigProblem[] = [];
  const writes: CheckedCandidate["writes"] = [];
  for (const [key, json] of Object.entries(candidate)) {
    const setting = settingsByKey.get(key);
    if (!setting) {
      problems.push({ key, message: "no such setting" });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      problems.push({ key, message: "the value is not valid JSON" });
      continue;
    }
    if (setting.secret && isMaskedSecret(value, valueAt(running, setting.path))) continue;
    const wrongKind = kindMismatch(setting, value);
    if (wrongKind) {
      problems.push({ key, message: `${key} must be ${wrongKind}` });
      continue;
    }
    const shadow = shadowingSource(setting, origin);
    if (shadow) {
      problems.push({
        key,
        message: `${key} is set by ${shadow}, which wins over the config file`,
      });
      continue;
    }
    writes.push({ setting, value });
  }
  if (problems.length > 0) return { problems, writes, next: undefined, changed: [] };
  const fileValues = structuredClone(origin.file ? readConfigFile(origin.file) : {});
  for (const { setting, value } of writes) setValueAt(fileValues, setting.path, value);
  let next: Config;
  try {
    next = buildConfig({
      file: origin.file,
      fileValues,
      env: origin.env,
      overrides: origin.overrides,
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const hidden = (p: ConfigProblem) => settingsByKey.get(p.key)?.secret === true;
    return {
      problems: err.problems.map((p) =>
        hidden(p) ? { ...p, message: withoutValue(p.message) } : p,
      ),
      writes,
      next: undefined,
      changed: [],
    };
  }
  const changed = writes
    .map((w) => w.setting)
    .filter((s) => !sameValue(valueAt(next, s.path), valueAt(running, s.path)));
  return { problems: [], writes, next, changed };
}

/**
 * A candidate is JSON, so each value must have its setting's own type:
 * "yes" for a boolean or "5" for a number is a mistake here, whatever a
 * YAML file or a variable (which are text) may spell.
 */
function kindMismatch(setting: Setting, value: unknown): string | undefined {
  const isMap = typeof value === "object" && value !== null && !Array.isArray(value);
  switch (setting.kind) {
    case "boolean":
      return typeof value === "boolean" ? undefined : "true or false";
    case "number":
      return typeof value === "number" ? undefined : "a number";
    case "list":
      return Array.isArray(value) ? undefined : "a list";
    case "map":
      return isMap ? undefined : "a map";
    default:
      return typeof value === "string" ? undefined : "a string";
  }
}

function shadowingSource(setting: Setting, origin: ConfigOrigin): string | undefined {
  if (valueAt(origin.overrides, setting.path) !== undefined)
    return "the daemon's start-up overrides";
  if (setting.env && origin.env[setting.env] !== undefined) {
    return `the environment variable ${setting.env}`;
  }
  return undefined;
}

/** convict ends a message with ": value was <value>": never echo a secret. */
function withoutValue(message: string): string {
  return message.replace(/: value was .*$/s, "");
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
