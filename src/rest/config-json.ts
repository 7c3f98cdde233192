import {
  type ConfigEntry,
  type ConfigKeyError,
  ConfigSource,
  ConfigValueKind,
  type GetConfigResponse,
} from "../../gen/sandkasten/v1/config_pb.js";
import { HttpError } from "./http-error.js";
import type { JsonObject } from "./json-body.js";

// ConfigService speaks JSON text per setting (values_json); the REST routes
// speak plain JSON values.

const sourceNames: Record<ConfigSource, string> = {
  [ConfigSource.UNSPECIFIED]: "unspecified",
  [ConfigSource.DEFAULT]: "default",
  [ConfigSource.FILE]: "file",
  [ConfigSource.ENV]: "env",
  [ConfigSource.OVERRIDE]: "override",
};

const kindNames: Record<ConfigValueKind, string> = {
  [ConfigValueKind.UNSPECIFIED]: "unspecified",
  [ConfigValueKind.STRING]: "string",
  [ConfigValueKind.NUMBER]: "number",
  [ConfigValueKind.BOOLEAN]: "boolean",
  [ConfigValueKind.CHOICE]: "choice",
  [ConfigValueKind.LIST]: "list",
  [ConfigValueKind.MAP]: "map",
};

// Fields of a GET /api/config answer that a client may send back unchanged.
const READ_ONLY_FIELDS = new Set(["settings", "config_file"]);

export function configToJson(res: GetConfigResponse): Record<string, unknown> {
  return {
    config: Object.fromEntries(res.entries.map((e) => [e.key, JSON.parse(e.valueJson)])),
    settings: res.entries.map(settingToJson),
    config_file: res.configFile === "" ? null : res.configFile,
  };
}

function settingToJson(entry: ConfigEntry): Record<string, unknown> {
  return {
    key: entry.key,
    value: JSON.parse(entry.valueJson),
    default: JSON.parse(entry.defaultJson),
    doc: entry.doc,
    kind: kindNames[entry.kind] ?? "unspecified",
    ...(entry.choices.length > 0 ? { choices: entry.choices } : {}),
    secret: entry.secret,
    source: sourceNames[entry.source] ?? "unspecified",
    ...(entry.env === "" ? {} : { env: entry.env }),
    restart_required: entry.restartRequired,
    restart_pending: entry.restartPending,
  };
}

export function keyErrorsToJson(errors: readonly ConfigKeyError[]): Record<string, string>[] {
  return errors.map((e) => ({ key: e.key, message: e.message }));
}

/**
 * The candidate a PUT or validate body names: `{"key": value, ...}` with
 * dotted keys as GET /api/config shows them, or the same object under
 * "config" (so a GET answer can be sent back edited). Each value becomes its
 * JSON text.
 */
export function candidateFromBody(body: JsonObject): Record<string, string> {
  const values = Object.entries(settingValues(body));
  if (values.length === 0) {
    throw new HttpError(400, 'the body names no settings: send {"key": value, ...}');
  }
  return Object.fromEntries(values.map(([key, value]) => [key, JSON.stringify(value)]));
}

// No setting is called "config", so a body holding one wraps the values.
function settingValues(body: JsonObject): JsonObject {
  if (!Object.hasOwn(body, "config")) return body;
  const extra = Object.keys(body).filter((k) => k !== "config" && !READ_ONLY_FIELDS.has(k));
  if (extra.length > 0) {
    throw new HttpError(
      400,
      `a body with "config" takes the settings inside it; move ${extra.join(", ")} into "config"`,
    );
  }
  const inner = body.config;
  if (typeof inner !== "object" || inner === null || Array.isArray(inner)) {
    throw new HttpError(400, '"config" must be an object of setting → value');
  }
  return inner as JsonObject;
}
