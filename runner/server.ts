import { chmodSync, renameSync, rmSync } from "node:fs";
import http2 from "node:http2";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";

// WriteFile carries up to 16 MiB of content (fs.proto), plus the message's framing.
const MAX_REQUEST_BYTES = 17 << 20;

export interface SocketServer {
  server: http2.Http2Server;
  /** Moves the socket to its public name: from then on the daemon can connect. */
  publish(): void;
}

/**
 * Serves gRPC on a unix socket that only root may connect to. The socket is
 * bound under a temporary name, locked down, and published by a rename once
 * the runner is ready, so whoever sees `socketPath` sees a ready socket.
 * Call as root: the socket directory belongs to root.
 */
export async function listenOnSocket(
  socketPath: string,
  routes: (router: ConnectRouter) => void,
): Promise<SocketServer> {
  const server = http2.createServer(
    connectNodeAdapter({ routes, connect: false, grpcWeb: false, readMaxBytes: MAX_REQUEST_BYTES }),
  );
  const temporary = `${socketPath}.${process.pid}`;
  rmSync(temporary, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(temporary, () => {
      server.off("error", reject);
      resolve();
    });
  });
  chmodSync(temporary, 0o600);
  return { server, publish: () => renameSync(temporary, socketPath) };
}
