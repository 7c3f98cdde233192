import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";

export interface SlowDockerProxy {
  /** Unix socket to give the daemon as docker.socket. */
  path: string;
  close(): Promise<void>;
}

/**
 * A unix socket in front of the real engine that holds every byte sent to
 * the engine for `delayMs` (answers come back at once): a slow engine, to
 * make session creation take as long as a test needs.
 */
export async function startSlowDockerProxy(
  delayMs: number,
  engineSocket = "/var/run/docker.sock",
): Promise<SlowDockerProxy> {
  const dir = mkdtempSync("/tmp/skt-proxy-");
  const path = join(dir, "docker.sock");
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(engineSocket);
    open.add(client);
    open.add(upstream);
    let chain = Promise.resolve();
    client.on("data", (chunk) => {
      chain = chain
        .then(() => new Promise((resolve) => setTimeout(resolve, delayMs)))
        .then(() => {
          if (!upstream.destroyed) upstream.write(chunk);
        });
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
