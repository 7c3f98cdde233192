import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import { runTestDaemon, type TestDaemon, testInstance } from "./test-daemon.js";

export interface ConfigFileDaemon extends TestDaemon {
  /** The sandkasten.yaml the daemon was started from (and ConfigService saves to). */
  configFile: string;
}

let daemons = 0;

/**
 * A real daemon started the way `sandkasten serve --config FILE` starts one:
 * everything comes from a YAML file (plus `env`), nothing from overrides.
 * `extraYaml` is appended to the file.
 */
export async function startConfigFileDaemon(
  extraYaml = "",
  env: NodeJS.ProcessEnv = {},
): Promise<ConfigFileDaemon> {
  const apiKey = `sk-test-${randomBytes(12).toString("hex")}`;
  const dataDir = mkdtempSync("/tmp/skt-");
  const configFile = join(dataDir, "sandkasten.yaml");
  writeFileSync(
    configFile,
    [
      "# Written by the test: comments like this one survive UpdateConfig.",
      `listen: "127.0.0.1:0"`,
      `api_key: "${apiKey}"`,
      `data_dir: "${dataDir}"`,
      `instance: "${testInstance()}-cf${++daemons}"`,
      `log_level: "warn"`,
      extraYaml,
    ].join("\n"),
    { mode: 0o600 },
  );
  const config = loadConfig({ file: configFile, env });
  return { ...(await runTestDaemon(config, apiKey, dataDir)), configFile };
}
