import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type Config, loadConfig } from "../../src/config/load.js";
import { createLogger, type Logger } from "../../src/log.js";
import { type Daemon, startDaemon } from "../../src/server/daemon.js";

export interface TestDaemon {
  daemon: Daemon;
  url: string;
  apiKey: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The instance name for daemons of this test process. Every name starts with
 * this run's prefix (set by global-setup, which checks for leaks by it) and
 * differs between processes: a starting daemon removes what other daemons of
 * its own instance left, so concurrent test daemons must not share one.
 */
export function testInstance(): string {
  return `${process.env.SANDKASTEN_TEST_INSTANCE ?? "test"}-p${process.pid}`;
}

let daemons = 0;

/**
 * A real daemon on a free loopback port, with its own SQLite file and data
 * directory, talking to the real Docker engine. stop() destroys every
 * session it still has and removes its data.
 */
export async function startTestDaemon(
  overrides: Record<string, unknown> = {},
): Promise<TestDaemon> {
  const apiKey = `sk-test-${randomBytes(12).toString("hex")}`;
  // Short path: unix socket paths must stay under 108 bytes.
  const dataDir = mkdtempSync("/tmp/skt-");
  const config = loadConfig({
    env: {},
    overrides: {
      listen: "127.0.0.1:0",
      api_key: apiKey,
      data_dir: dataDir,
      instance: `${testInstance()}-${++daemons}`,
      log_level: "warn",
      ...overrides,
    },
  });
  return runTestDaemon(config, apiKey, dataDir);
}

/** Starts a daemon from `config`; stop() destroys its sessions and removes `dataDir`. */
export async function runTestDaemon(
  config: Config,
  apiKey: string,
  dataDir: string,
): Promise<TestDaemon> {
  const log: Logger = process.env.SANDKASTEN_TEST_LOG
    ? createLogger("debug")
    : createLogger("error");
  const daemon = await startDaemon(config, { log, reapIntervalMs: 200 });
  return {
    daemon,
    url: daemon.url,
    apiKey,
    dataDir,
    async stop() {
      for (const s of await daemon.ctx.sessions.list()) {
        await daemon.ctx.sessions.destroy(s.id).catch(() => {});
      }
      await daemon.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function dataPath(d: TestDaemon, ...parts: string[]): string {
  return join(d.dataDir, ...parts);
}
