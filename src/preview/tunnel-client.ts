import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { TunnelService } from "../../gen/sandkasten/v1/tunnel_pb.js";
import type { RunnerClient } from "../runner-client/runner-client.js";
import { WideWindowSessionManager } from "../runner-client/wide-window-sessions.js";

/** Biggest message the daemon takes from a runner's tunnel: 1 MiB of bytes and the framing. */
const MAX_MESSAGE_BYTES = (1 << 20) + 64;
const STREAM_WINDOW_BYTES = 1024 * 1024;

const clients = new WeakMap<RunnerClient, Client<typeof TunnelService>>();

/**
 * The runner's TunnelService, on an HTTP/2 connection of its own to the
 * runner's socket (opened on the first preview request, closed when idle),
 * so that preview traffic never queues behind a command's output.
 */
export function tunnelClientFor(runner: RunnerClient): Client<typeof TunnelService> {
  let client = clients.get(runner);
  if (!client) {
    const sessions = new WideWindowSessionManager(
      "http://runner.sock",
      STREAM_WINDOW_BYTES,
      { createConnection: () => runner.address.connect() },
      { pingIntervalMs: 10_000, pingTimeoutMs: 5_000, idleConnectionTimeoutMs: 60_000 },
    );
    const transport = createGrpcTransport({
      baseUrl: "http://runner.sock",
      sessionManager: sessions,
      readMaxBytes: MAX_MESSAGE_BYTES,
      writeMaxBytes: MAX_MESSAGE_BYTES,
      acceptCompression: [],
    });
    client = createClient(TunnelService, transport);
    clients.set(runner, client);
  }
  return client;
}
