import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";

/**
 * How the engine goes away: "down" closes every connection and the socket
 * (as a stopped dockerd: connecting fails at once); "hang" closes every
 * connection, then accepts new ones and never answers (a stuck dockerd).
 */
export type EngineFault = "down" | "hang";

export interface CuttableDockerProxy {
  /** Unix socket to give the daemon as docker.socket. */
  path: string;
  cut(fault: EngineFault): Promise<void>;
  /** The engine is back: new connections reach it again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A unix socket in front of the real engine that a test can cut and restore. */
export async function startCuttableDockerProxy(
  engineSocket = "/var/run/docker.sock",
): Promise<CuttableDockerProxy> {
  const dir = mkdtempSync("/tmp/skt-proxy-");
  const path = join(dir, "docker.sock");
  const open = new Set<net.Socket>();
  let fault: EngineFault | undefined;
  let listening = false;

  const track = (s: net.Socket) => {
    open.add(s);
    s.on("error", () => s.destroy());
    s.on("close", () => open.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    if (fault === "hang") {
      // Reads the request and never answers.
      client.resume();
      return;
    }
    const upstream = net.connect(engineSocket);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  const listen = () =>
    new Promise<void>((resolve) => {
      server.listen(path, () => {
        listening = true;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
    });
  const dropAll = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  await listen();

  return {
    path,
    async cut(f) {
      fault = f;
      dropAll();
      if (f === "down") {
        await stopListening();
        rmSync(path, { force: true });
      }
    },
    async restore() {
      if (fault === undefined) return;
      fault = undefined;
      // Only the hung connections: live ones (idle keep-alives) stay usable.
      dropAll();
      if (!listening) await listen();
    },
    async close() {
      dropAll();
      await stopListening();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
