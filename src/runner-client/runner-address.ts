import type { Duplex } from "node:stream";
import { connectUnixSocketSafely } from "./safe-socket.js";

/**
 * How the daemon reaches one sandbox's runner: each connect() opens a new
 * byte stream to it, which then carries HTTP/2. For Docker, the runner's
 * unix socket on this host; for a remote sandbox, it could be a
 * port-forward or exec stream.
 */
export interface RunnerAddress {
  connect(): Duplex;
}

/** A runner socket on this host, connected to without following links (safe-socket.ts). */
export function unixSocketAddress(path: string): RunnerAddress {
  return { connect: () => connectUnixSocketSafely(path) };
}
