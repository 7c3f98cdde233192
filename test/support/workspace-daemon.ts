import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { type Client, createClient } from "@connectrpc/connect";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/log.js";
import { startDaemon } from "../../src/server/daemon.js";
import { DEFAULT_ADMIN } from "../../src/tenants/principal.js";
import { type Clients, clientsFor, transportFor } from "./clients.js";
import { type TestDaemon, testInstance } from "./test-daemon.js";

export type WorkspaceDriverName = "volume" | "directory";

export const DRIVERS: WorkspaceDriverName[] = ["volume", "directory"];

/** A test daemon with clients for every service, that can restart on the same data. */
export interface WorkspaceDaemon extends TestDaemon {
  /** The sandkasten.instance label on what this daemon creates. */
  instance: string;
  api: Clients;
  ws: Client<typeof WorkspaceService>;
  /** Stops this daemon (keeping its data dir and database) and starts a new one on them. */
  restart(): Promise<WorkspaceDaemon>;
}

interface Kept {
  dataDir: string;
  apiKey: string;
  instance: string;
}

let started = 0;

/**
 * Like startTestDaemon, but stop() also deletes every workspace the daemon
 * knows (named volumes outlive the daemon otherwise), and restart() keeps
 * the data dir, the database, the key and the instance name. Each daemon
 * has an instance of its own: a starting daemon reconciles (removes or
 * adopts) what carries its instance label.
 */
export async function startWorkspaceDaemon(
  overrides: Record<string, unknown> = {},
  kept?: Kept,
): Promise<WorkspaceDaemon> {
  const apiKey = kept?.apiKey ?? `sk-test-${randomBytes(12).toString("hex")}`;
  // Short path: unix socket paths must stay under 108 bytes.
  const dataDir = kept?.dataDir ?? mkdtempSync("/tmp/skt-");
  const instance = kept?.instance ?? `${testInstance()}-ws${++started}`;
  const config = loadConfig({
    env: {},
    overrides: {
      listen: "127.0.0.1:0",
      api_key: apiKey,
      data_dir: dataDir,
      instance,
      log_level: "warn",
      ...overrides,
    },
  });
  const log = createLogger(process.env.SANDKASTEN_TEST_LOG ? "debug" : "error");
  const daemon = await startDaemon(config, { log, reapIntervalMs: 200 });
  const destroySessions = async () => {
    for (const s of await daemon.ctx.sessions.list()) {
      await daemon.ctx.sessions.destroy(s.id).catch(() => {});
    }
  };
  const d: WorkspaceDaemon = {
    instance,
    daemon,
    url: daemon.url,
    apiKey,
    dataDir,
    api: undefined as unknown as Clients,
    ws: undefined as unknown as Client<typeof WorkspaceService>,
    async restart() {
      await destroySessions();
      await daemon.stop();
      return startWorkspaceDaemon(overrides, { dataDir, apiKey, instance });
    },
    async stop() {
      await destroySessions();
      if (config.workspace.enabled) {
        for (const w of await daemon.ctx.workspaces.list(DEFAULT_ADMIN).catch(() => [])) {
          await daemon.ctx.workspaces.delete(w.id, true).catch(() => {});
        }
      }
      await daemon.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  d.api = clientsFor(d);
  d.ws = createClient(WorkspaceService, transportFor(d, "grpc"));
  return d;
}

/** A workspace id no other test (or test file sharing the engine) uses. */
export function freshWorkspaceId(prefix = "ws"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}
