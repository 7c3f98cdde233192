import { FLAG_FORMAT } from "./flag-format.js";
import { configSchema } from "./schema.js";

export type SettingKind = "string" | "number" | "boolean" | "choice" | "list" | "map";

/** One leaf of the schema, e.g. defaults.cpu_limit. */
export interface Setting {
  key: string;
  path: string[];
  doc: string;
  default: unknown;
  env: string | undefined;
  secret: boolean;
  kind: SettingKind;
  choices: string[];
  /** The running daemon reads it on every use: a change applies without a restart. */
  live: boolean;
}

/**
 * Settings the daemon reads afresh on every request. Everything else is used
 * once at start-up (the port, the store, the engine socket, the pool's
 * layout, the API key check, the log level, whether metrics are counted) or
 * is fixed in a container when it is made, pool containers included (exec
 * mode, shell, seccomp), and needs a restart.
 */
const LIVE = new Set([
  "default_image",
  "allowed_images",
  "session_ttl_seconds",
  "max_ttl_seconds",
  "defaults.cpu_limit",
  "defaults.mem_limit_mb",
  "defaults.pids_limit",
  "defaults.max_exec_timeout_ms",
  "defaults.network_mode",
  "defaults.readonly_rootfs",
  "limits_max.cpu_limit",
  "limits_max.mem_limit_mb",
  "limits_max.pids_limit",
  "exec_output.max_bytes",
  "exec_output.head_bytes",
  "workspace.enabled",
  "workspace.persist_by_default",
  "workspace.attach_policy",
  "workspace.max_size_mb",
  "dashboard.enabled",
  "egress.allowed",
  "metrics.api_key",
  "preview.domain",
  "shutdown_grace_seconds",
]);

interface SchemaLeaf {
  doc: string;
  format: unknown;
  default: unknown;
  env?: string;
  sensitive?: boolean;
}

const isLeaf = (node: object): node is SchemaLeaf => "default" in node && "doc" in node;

function kindOf(leaf: SchemaLeaf): SettingKind {
  if (Array.isArray(leaf.format)) return "choice";
  if (leaf.format === FLAG_FORMAT) return "boolean";
  if (leaf.format === Array) return "list";
  if (leaf.format === "nat" || typeof leaf.default === "number") return "number";
  if (typeof leaf.default === "object" && leaf.default !== null) return "map";
  return "string";
}

function flatten(node: object, path: string[]): Setting[] {
  if (isLeaf(node)) {
    const key = path.join(".");
    return [
      {
        key,
        path,
        doc: node.doc,
        default: node.default,
        env: node.env,
        secret: node.sensitive === true,
        kind: kindOf(node),
        choices: Array.isArray(node.format) ? node.format.map(String) : [],
        live: LIVE.has(key),
      },
    ];
  }
  return Object.entries(node).flatMap(([name, child]) => flatten(child as object, [...path, name]));
}

/** Every setting, in the schema's order. */
export const settings: readonly Setting[] = flatten(configSchema, []);

export const settingsByKey: ReadonlyMap<string, Setting> = new Map(settings.map((s) => [s.key, s]));

/** The value at a dotted path of a plain object tree; undefined when absent. */
export function valueAt(tree: unknown, path: readonly string[]): unknown {
  let node = tree;
  for (const name of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, name)) return undefined;
    node = (node as Record<string, unknown>)[name];
  }
  return node;
}

/** Sets the value at a dotted path, creating the objects on the way. */
export function setValueAt(
  tree: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): void {
  let node = tree;
  for (const name of path.slice(0, -1)) {
    const next = node[name];
    if (next === null || typeof next !== "object" || Array.isArray(next)) node[name] = {};
    node = node[name] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

for (const key of LIVE) {
  if (!settingsByKey.has(key)) throw new Error(`settings: live key ${key} is not in the schema`);
}
