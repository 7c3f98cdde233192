import { sameValue } from "./candidate.js";
import type { ConfigOrigin } from "./config-origin.js";
import { buildConfig, type Config, readConfigFile } from "./load.js";
import { maskSecret } from "./secret-mask.js";
import { type Setting, settings, valueAt } from "./settings.js";

export type SettingSource = "default" | "file" | "env" | "override";

/** One setting as the outside may see it: secrets masked. */
export interface SettingView {
  setting: Setting;
  valueJson: string;
  defaultJson: string;
  source: SettingSource;
  /** The file now says something else, which a restart would apply. */
  restartPending: boolean;
}

/** Every setting of the running configuration, where it comes from, and what waits for a restart. */
export function describeConfig(running: Config, origin: ConfigOrigin): SettingView[] {
  const fileValues = readFileQuietly(origin);
  const saved = savedConfig(origin, fileValues);
  return settings.map((setting) => {
    const shown = (value: unknown) => JSON.stringify(setting.secret ? maskSecret(value) : value);
    const value = valueAt(running, setting.path);
    return {
      setting,
      valueJson: shown(value),
      defaultJson: shown(setting.default),
      source: sourceOf(setting, origin, fileValues),
      restartPending:
        !setting.live && saved !== undefined && !sameValue(valueAt(saved, setting.path), value),
    };
  });
}

function sourceOf(setting: Setting, origin: ConfigOrigin, fileValues: object): SettingSource {
  if (valueAt(origin.overrides, setting.path) !== undefined) return "override";
  if (setting.env && origin.env[setting.env] !== undefined) return "env";
  if (valueAt(fileValues, setting.path) !== undefined) return "file";
  return "default";
}

function readFileQuietly(origin: ConfigOrigin): Record<string, unknown> {
  try {
    return origin.file ? readConfigFile(origin.file) : {};
  } catch {
    return {};
  }
}

/** What a restart would run with; undefined when the file would not load. */
function savedConfig(
  origin: ConfigOrigin,
  fileValues: Record<string, unknown>,
): Config | undefined {
  if (!origin.file) return undefined;
  try {
    return buildConfig({
      file: origin.file,
      fileValues,
      env: origin.env,
      overrides: origin.overrides,
    });
  } catch {
    return undefined;
  }
}
