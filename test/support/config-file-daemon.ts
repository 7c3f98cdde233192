import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/log.js";
import { startDaemon } from "../../src/server/daemon.js";
import type { TestDaemon } from "./test-daemon.js";
import { testInstance } from "./test-daemon.js";

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
  const log = createLogger(process.env.SANDKASTEN_TEST_LOG ? "debug" : "error");
  const daemon = await startDaemon(config, { log, reapIntervalMs: 200 });
  return {
    daemon,
    url: daemon.url,
    apiKey,
    dataDir,
    configFile,
    async stop() {
      for (const s of await daemon.ctx.sessions.list()) {
        await daemon.ctx.sessions.destroy(s.id).catch(() => {});
      }
      await daemon.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
