import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface DaemonProcess {
  url: string;
  apiKey: string;
  pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The daemon as its own process (the built CLI), so the benchmark client doesn't share its event loop. */
export async function startDaemonProcess(extraYaml = ""): Promise<DaemonProcess> {
  const dir = mkdtempSync("/tmp/skb-");
  const port = await freePort();
  const apiKey = `sk-bench-${randomBytes(8).toString("hex")}`;
  const config = join(dir, "sandkasten.yaml");
  writeFileSync(
    config,
    `listen: "127.0.0.1:${port}"\napi_key: "${apiKey}"\ndata_dir: "${dir}"\ninstance: "bench-${randomBytes(3).toString("hex")}"\nlog_level: "warn"\nsession_ttl_seconds: 3600\n${extraYaml}`,
  );
  const child: ChildProcess = spawn(
    process.execPath,
    ["bin/sandkasten.js", "serve", "--config", config],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      await sleep(50);
    }
  }
  return {
    url,
    apiKey,
    pid: child.pid ?? 0,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
