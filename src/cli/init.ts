import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Setting, settings } from "../config/settings.js";
import { CliError } from "./cli-args.js";

/** The values `init` sets; every other setting is written commented out, at its default. */
function chosenValues(file: string): Map<string, unknown> {
  return new Map<string, unknown>([
    ["listen", "127.0.0.1:8080"],
    ["api_key", `sk-${randomBytes(16).toString("hex")}`],
    // Beside the file, as scripts/setup.sh does; a system-wide file keeps the system default.
    ...(resolve(file).startsWith("/etc/") ? [] : [["data_dir", ".data"] as const]),
  ]);
}

/**
 * `sandkasten init`: writes a config file (mode 0600) with a fresh random
 * API key and every setting described, refusing to replace one unless forced.
 */
export function init(o: { file?: string; force: boolean }): number {
  const file = o.file ?? "sandkasten.yaml";
  if (existsSync(file) && !o.force) {
    throw new CliError(`${file} exists; pass --force to replace it (its API key would change)`);
  }
  mkdirSync(dirname(resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, configText(chosenValues(file)), { mode: 0o600 });
  renameSync(temp, file);
  process.stdout.write(
    `wrote ${file} with a new API key (mode 0600)\nstart the daemon with: sandkasten daemon -d${
      o.file === undefined ? "" : ` --config ${file}`
    }\n`,
  );
  return 0;
}

function configText(chosen: Map<string, unknown>): string {
  const out = [
    "# Sandkasten daemon configuration, written by `sandkasten init`.",
    "# Keep this file private: the API key grants full access to the sandboxes.",
    "# Every setting is listed with its default; remove the '#' to change one",
    "# (and its section's line, for nested ones). [VAR]: the environment",
    "# variable that sets it too. Relative paths are taken from this file's folder.",
  ];
  let section = "";
  for (const setting of settings) {
    const [top = "", leaf = ""] = setting.path;
    const nested = setting.path.length > 1;
    if (nested && top !== section) out.push("", `# ${top}:`);
    if (!nested) out.push("");
    section = nested ? top : "";
    const value = chosen.has(setting.key) ? chosen.get(setting.key) : setting.default;
    const line = `${nested ? "  " : ""}${nested ? leaf : top}: ${JSON.stringify(value)}`;
    const indent = nested ? "#   " : "# ";
    out.push(`${indent}${describe(setting)}`);
    out.push(chosen.has(setting.key) ? line : `# ${line}`);
  }
  return `${out.join("\n")}\n`;
}

function describe(setting: Setting): string {
  return setting.env ? `${setting.doc} [${setting.env}]` : setting.doc;
}
