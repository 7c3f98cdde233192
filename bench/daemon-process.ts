import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export interface DaemonProcess {
  url: string;
  apiKey: string;
  pid: number;
  /** The label value on everything this daemon creates. */
  instance: string;
  stop(): Promise<void>;
}

const CLI = fileURLToPath(new URL("../bin/sandkasten.js", import.meta.url));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The daemon as its own process (the built CLI), so the benchmark client
 * doesn't share its event loop. `extraYaml` is appended to its config.
 */
export async function startDaemonProcess(extraYaml = ""): Promise<DaemonProcess> {
  // Short path: the runner sockets live below it (unix socket paths ≤ 108 bytes).
  const dir = mkdtempSync("/tmp/skb-");
  const port = await freePort();
  const apiKey = `sk-bench-${randomBytes(8).toString("hex")}`;
  const instance = `bench-${randomBytes(3).toString("hex")}`;
  const config = join(dir, "sandkasten.yaml");
  writeFileSync(
    config,
    [
      `listen: "127.0.0.1:${port}"`,
      `api_key: "${apiKey}"`,
      `data_dir: "${dir}"`,
      `instance: "${instance}"`,
      `log_level: "warn"`,
      "session_ttl_seconds: 3600",
      "shutdown_grace_seconds: 2",
      extraYaml,
    ].join("\n"),
  );
  const child: ChildProcess = spawn(process.execPath, [CLI, "serve", "--config", config], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exit;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exited) {
      await stop();
      throw new Error(`the daemon exited during start-up (code ${child.exitCode})`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (i === 400) {
      await stop();
      throw new Error("the daemon did not answer /healthz within 20 s");
    }
    await sleep(50);
  }
  return { url, apiKey, pid: child.pid ?? 0, instance, stop };
}
