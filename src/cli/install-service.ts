import { existsSync, mkdirSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../config/load.js";
import { daemonVersion } from "../daemon-version.js";
import { CliError } from "./cli-args.js";
import { loadCliConfig } from "./config-file.js";
import { repoRoot } from "./repo-root.js";
import { serviceUnitText } from "./service-unit.js";

export const SERVICE_CONFIG = "/etc/sandkasten/sandkasten.yaml";
export const SERVICE_DEST = "/etc/systemd/system";

/**
 * `sandkasten install-service`: writes sandkasten.service into `dest`, running
 * this CLI with the Node it runs on and `config`, which must load (a unit
 * whose daemon cannot start would only restart in a loop). Refuses to
 * replace a unit unless forced.
 */
export function installService(o: { config?: string; dest?: string; force: boolean }): number {
  const config = resolve(o.config ?? SERVICE_CONFIG);
  if (!existsSync(config)) {
    throw new CliError(
      `${config} does not exist: write one with: sandkasten init --config ${config}`,
    );
  }
  let graceSeconds: number;
  try {
    graceSeconds = loadCliConfig(config).shutdown_grace_seconds;
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`${config}: ${err.message}`);
    throw err;
  }
  const dest = resolve(o.dest ?? SERVICE_DEST);
  const file = join(dest, "sandkasten.service");
  if (existsSync(file) && !o.force) {
    throw new CliError(`${file} exists; pass --force to replace it`);
  }
  const text = serviceUnitText({
    node: process.execPath,
    cli: realpathSync(join(repoRoot(), "bin", "sandkasten.js")),
    config,
    version: daemonVersion(),
    graceSeconds,
  });
  mkdirSync(dest, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o644 });
  renameSync(temp, file);
  process.stdout.write(
    `wrote ${file}\nstart it with: systemctl daemon-reload && systemctl enable --now sandkasten\n`,
  );
  return 0;
}
