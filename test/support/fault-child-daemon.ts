import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { stringify } from "yaml";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import { PtyService } from "../../gen/sandkasten/v1/pty_pb.js";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/log.js";
import { startDaemon } from "../../src/server/daemon.js";
import type { Clients } from "./clients.js";
import { testInstance } from "./test-daemon.js";

/** A config file for `sandkasten serve`, with its own port, data directory and instance. */
export interface ChildConfig {
  /** The data directory; the config file lives in it too. */
  dataDir: string;
  file: string;
  instance: string;
  apiKey: string;
  url: string;
}

/** A daemon running as a child process of the test (so that it can be SIGKILLed). */
export interface ChildDaemon {
  child: ChildProcess;
  /** Resolves once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Writes the YAML config of a child daemon; `extra` adds settings (pool, grace). */
export async function writeChildConfig(
  name: string,
  extra: Record<string, unknown> = {},
): Promise<ChildConfig> {
  // Short path: unix socket paths must stay under 108 bytes.
  const dataDir = mkdtempSync("/tmp/skt-");
  const port = await freePort();
  const apiKey = `sk-test-${randomBytes(12).toString("hex")}`;
  const instance = `${testInstance()}-faults-${name}`;
  const file = join(dataDir, "sandkasten.yaml");
  const settings = {
    listen: `127.0.0.1:${port}`,
    api_key: apiKey,
    data_dir: dataDir,
    instance,
    log_level: "warn",
    ...extra,
  };
  writeFileSync(file, stringify(settings));
  return { dataDir, file, instance, apiKey, url: `http://127.0.0.1:${port}` };
}

/** Starts `sandkasten serve --config` and waits until it listens. */
export async function spawnDaemon(c: ChildConfig, timeoutMs = 30_000): Promise<ChildDaemon> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("SANDKASTEN_")),
  );
  const child = spawn(process.execPath, ["bin/sandkasten.js", "serve", "--config", c.file], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const daemon: ChildDaemon = { child, exited, stderr: () => err };
  const deadline = Date.now() + timeoutMs;
  while (!out.includes("listening on")) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the daemon exited at start-up (${child.exitCode}): ${err}`);
    }
    if (Date.now() > deadline) {
      await killDaemon(daemon);
      throw new Error(`the daemon did not listen within ${timeoutMs} ms: ${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return daemon;
}

/** SIGKILLs a child daemon (ours, by its pid) and waits until it is gone. */
export async function killDaemon(d: ChildDaemon, signal: NodeJS.Signals = "SIGKILL") {
  if (d.child.exitCode === null && d.child.signalCode === null) d.child.kill(signal);
  return d.exited;
}

/** gRPC clients for a child daemon. */
export function childClients(c: ChildConfig): Clients {
  const transport = createGrpcTransport({
    baseUrl: c.url,
    interceptors: [
      (next) => (req) => {
        req.header.set("authorization", `Bearer ${c.apiKey}`);
        return next(req);
      },
    ],
  });
  return {
    sessions: createClient(SessionService, transport),
    exec: createClient(ExecService, transport),
    fs: createClient(FsService, transport),
    pty: createClient(PtyService, transport),
  };
}

/**
 * Leaves nothing behind: kills the child if it still runs, then lets a last
 * daemon (in this process, pool off) reconcile the instance and destroy
 * every session, and removes the data directory.
 */
export async function cleanUpChild(c: ChildConfig, d?: ChildDaemon): Promise<void> {
  if (d) await killDaemon(d);
  const config = loadConfig({
    file: c.file,
    env: {},
    overrides: { listen: "127.0.0.1:0", pool: { enabled: false, images: {} } },
  });
  const last = await startDaemon(config, { log: createLogger("error") });
  for (const s of await last.ctx.sessions.list()) {
    await last.ctx.sessions.destroy(s.id).catch(() => {});
  }
  await last.stop();
  rmSync(c.dataDir, { recursive: true, force: true });
}
