import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import convict from "convict";
import { parse as parseYaml } from "yaml";
import { type ConfigShape, configSchema } from "./schema.js";

export type Config = ConfigShape;

export class ConfigError extends Error {}

export interface LoadConfigOptions {
  /** A YAML file; when absent, only defaults and the environment count. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values over everything else (tests). */
  overrides?: Record<string, unknown>;
}

/**
 * Loads and validates the configuration. Anything wrong stops start-up with
 * a message that names the key.
 */
export function loadConfig(o: LoadConfigOptions = {}): Config {
  const config = convict<ConfigShape>(configSchema as convict.Schema<ConfigShape>, {
    env: o.env ?? process.env,
    args: [],
  });
  if (o.file) {
    if (!existsSync(o.file)) throw new ConfigError(`config file not found: ${o.file}`);
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(o.file, "utf8")) ?? {};
    } catch (err) {
      throw new ConfigError(`${o.file} is not valid YAML: ${(err as Error).message}`);
    }
    if (typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new ConfigError(`${o.file} must hold a YAML mapping of settings`);
    }
    config.load(parsed as object);
  }
  if (o.overrides) config.load(o.overrides);
  try {
    config.validate({ allowed: "strict" });
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${(err as Error).message}`);
  }
  const values = config.getProperties();
  const baseDir = o.file ? resolve(o.file, "..") : process.cwd();
  values.data_dir = isAbsolute(values.data_dir)
    ? values.data_dir
    : resolve(baseDir, values.data_dir);
  if (!values.db_path) values.db_path = resolve(values.data_dir, "sandkasten.db");
  else if (!isAbsolute(values.db_path)) values.db_path = resolve(baseDir, values.db_path);
  checkConsistency(values);
  return values;
}

function checkConsistency(c: Config): void {
  if (c.session_ttl_seconds > c.max_ttl_seconds) {
    throw new ConfigError(
      "invalid configuration: session_ttl_seconds is larger than max_ttl_seconds",
    );
  }
  if (!isLoopback(hostOf(c.listen)) && c.api_key === "" && c.api_keys.length === 0) {
    throw new ConfigError(
      `invalid configuration: listen is ${c.listen}, which is not a loopback address, and api_key is empty; ` +
        "set api_key (or SANDKASTEN_API_KEY) before listening beyond this machine",
    );
  }
  for (const [key, limit] of [
    ["cpu_limit", "cpu_limit"],
    ["mem_limit_mb", "mem_limit_mb"],
    ["pids_limit", "pids_limit"],
  ] as const) {
    if (c.defaults[key] > c.limits_max[limit]) {
      throw new ConfigError(
        `invalid configuration: defaults.${key} is larger than limits_max.${limit}`,
      );
    }
  }
}

export function hostOf(listen: string): string {
  const at = listen.lastIndexOf(":");
  return listen.slice(0, at).replace(/^\[|\]$/g, "");
}

export function portOf(listen: string): number {
  return Number(listen.slice(listen.lastIndexOf(":") + 1));
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
