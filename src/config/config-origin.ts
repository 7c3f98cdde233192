import type { ConfigShape } from "./schema.js";

/** What a running configuration was built from: needed to change it later. */
export interface ConfigOrigin {
  /** The YAML file it was read from; undefined when there was none. */
  file: string | undefined;
  env: NodeJS.ProcessEnv;
  overrides: Record<string, unknown>;
}

const origins = new WeakMap<ConfigShape, ConfigOrigin>();

export function rememberConfigOrigin(config: ConfigShape, origin: ConfigOrigin): void {
  origins.set(config, origin);
}

/** The origin loadConfig recorded; a config built otherwise counts as defaults only. */
export function configOrigin(config: ConfigShape): ConfigOrigin {
  return origins.get(config) ?? { file: undefined, env: {}, overrides: {} };
}
