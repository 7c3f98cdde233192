import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import convict from "convict";
import { parse as parseYaml } from "yaml";
import { parseAllowlist } from "../egress/allowlist.js";
import { configuredKeys } from "../tenants/config-keys.js";
import { rememberConfigOrigin } from "./config-origin.js";
import { registerFlagFormat } from "./flag-format.js";
import { networkMode, withPreferredChoices } from "./original-spellings.js";
import { poolImageTargets } from "./pool-images.js";
import { type ConfigShape, configSchema } from "./schema.js";
import { settings, valueAt } from "./settings.js";

export type Config = ConfigShape;

/** One thing wrong with a configuration; key is the dotted setting, "" when none applies. */
export interface ConfigProblem {
  key: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: ConfigProblem[] = [],
  ) {
    super(message);
  }
}

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
  const env = o.env ?? process.env;
  const config = buildConfig({
    file: o.file,
    fileValues: o.file ? readConfigFile(o.file) : {},
    env,
    overrides: o.overrides,
  });
  rememberConfigOrigin(config, { file: o.file, env, overrides: o.overrides ?? {} });
  return config;
}

/** The YAML mapping in `file`. */
export function readConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new ConfigError(`config file not found: ${file}`);
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, "utf8")) ?? {};
  } catch (err) {
    throw new ConfigError(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(`${file} must hold a YAML mapping of settings`);
  }
  return parsed as Record<string, unknown>;
}

export interface ConfigInputs {
  /** Relative paths in the file are resolved against its folder. */
  file: string | undefined;
  fileValues: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  overrides?: Record<string, unknown>;
}

/** Defaults, then the file's values, the environment, and the overrides, validated. */
export function buildConfig(inputs: ConfigInputs): Config {
  registerFlagFormat();
  const preferred = withPreferredChoices(inputs.fileValues, inputs.env);
  const config = convict<ConfigShape>(configSchema as convict.Schema<ConfigShape>, {
    env: preferred.env,
    args: [],
  });
  config.load(preferred.fileValues);
  if (inputs.overrides) config.load(inputs.overrides);
  try {
    config.validate({ allowed: "strict" });
  } catch (err) {
    const message = (err as Error).message;
    throw new ConfigError(`invalid configuration: ${message}`, convictProblems(message));
  }
  const values = config.getProperties();
  const baseDir = inputs.file ? resolve(inputs.file, "..") : process.cwd();
  values.data_dir = isAbsolute(values.data_dir)
    ? values.data_dir
    : resolve(baseDir, values.data_dir);
  if (!values.db_path) values.db_path = resolve(values.data_dir, "sandkasten.db");
  else if (!isAbsolute(values.db_path)) values.db_path = resolve(baseDir, values.db_path);
  const nul = nulProblems(values);
  values.defaults.network_mode = networkMode(values.defaults.network_mode);
  const pool = poolImageTargets(values.pool.images, values.allowed_images);
  values.pool.images = pool.images;
  const problems = [
    ...nul,
    ...rangeProblems(values),
    ...pool.problems,
    ...consistencyProblems(values),
  ];
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${problems[0]?.message}`, problems);
  }
  return values;
}

/** convict reports one problem a line: "key: message" or "configuration param 'key' not declared...". */
function convictProblems(message: string): ConfigProblem[] {
  return message.split("\n").map((line) => {
    const undeclared = /^configuration param '([^']+)' not declared/.exec(line);
    if (undeclared) return { key: undeclared[1] ?? "", message: "no such setting" };
    const keyed = /^([a-z_]+(?:\.[a-z_]+)*): (.*)$/.exec(line);
    if (keyed) return { key: keyed[1] ?? "", message: keyed[2] ?? line };
    return { key: "", message: line };
  });
}

/** Text settings (and the names and items of maps and lists) must not hold NUL characters. */
function nulProblems(c: Config): ConfigProblem[] {
  const hasNul = (value: unknown): boolean => {
    if (typeof value === "string") return value.includes("\0");
    if (Array.isArray(value)) return value.some(hasNul);
    if (value !== null && typeof value === "object") {
      return Object.entries(value).some(([name, item]) => name.includes("\0") || hasNul(item));
    }
    return false;
  };
  return settings
    .filter((setting) => hasNul(valueAt(c, setting.path)))
    .map((setting) => ({
      key: setting.key,
      message: `${setting.key} must not contain NUL characters`,
    }));
}

/** The longest delay Node's timers take (~24.8 days): past it, a timer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_UINT32 = 2 ** 32 - 1;

/**
 * Numbers must fit where they go: a timeout in ms (or the shutdown grace,
 * in s) into a timer, any other into the uint32 fields of the API.
 */
function rangeProblems(c: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const setting of settings.filter((s) => s.kind === "number")) {
    const value = valueAt(c, setting.path) as number;
    const [max, why] = setting.key.endsWith("_ms")
      ? [MAX_TIMER_MS, " (the longest timer Node.js can set, ~24.8 days)"]
      : setting.key === "shutdown_grace_seconds"
        ? [Math.floor(MAX_TIMER_MS / 1000), " (the longest timer Node.js can set, ~24.8 days)"]
        : [MAX_UINT32, ""];
    if (!(value <= max)) {
      problems.push({ key: setting.key, message: `${setting.key} must be at most ${max}${why}` });
    }
  }
  return problems;
}

function consistencyProblems(c: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (c.session_ttl_seconds > c.max_ttl_seconds) {
    problems.push({
      key: "session_ttl_seconds",
      message: "session_ttl_seconds is larger than max_ttl_seconds",
    });
  }
  if (!isLoopback(hostOf(c.listen)) && c.api_key === "" && c.api_keys.length === 0) {
    problems.push({
      key: "listen",
      message:
        `listen is ${c.listen}, which is not a loopback address, and api_key is empty; ` +
        "set api_key (or SANDKASTEN_API_KEY) before listening beyond this machine",
    });
  }
  try {
    configuredKeys(c.api_key, c.api_keys);
  } catch (err) {
    problems.push({ key: "api_keys", message: (err as Error).message });
  }
  try {
    parseAllowlist(c.egress.allowed.map(String));
  } catch (err) {
    problems.push({ key: "egress.allowed", message: (err as Error).message });
  }
  if (c.exec_output.head_bytes > c.exec_output.max_bytes) {
    problems.push({
      key: "exec_output.head_bytes",
      message: "exec_output.head_bytes is larger than exec_output.max_bytes",
    });
  }
  for (const key of ["cpu_limit", "mem_limit_mb", "pids_limit"] as const) {
    if (c.defaults[key] > c.limits_max[key]) {
      problems.push({
        key: `defaults.${key}`,
        message: `defaults.${key} is larger than limits_max.${key}`,
      });
    }
  }
  return problems;
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
