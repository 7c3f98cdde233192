import { existsSync } from "node:fs";
import { type Config, loadConfig } from "../config/load.js";

/** The config file named on the command line, else ./sandkasten.yaml, else /etc/sandkasten/sandkasten.yaml. */
export function findConfigFile(named: string | undefined): string | undefined {
  if (named) return named;
  for (const candidate of ["sandkasten.yaml", "/etc/sandkasten/sandkasten.yaml"]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function loadCliConfig(named: string | undefined): Config {
  return loadConfig({ file: findConfigFile(named) });
}
