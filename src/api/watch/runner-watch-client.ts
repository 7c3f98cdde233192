import { type Client, createClient } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { WatchService } from "../../../gen/sandkasten/v1/watch_pb.js";
import type { RunnerClient } from "../../runner-client/runner-client.js";

export interface RunnerWatchClient {
  watch: Client<typeof WatchService>;
  close(): void;
}

/**
 * A WatchService client on a runner's socket, on a connection of its own:
 * a watch lasts as long as its client wants, and closing it closes only
 * this connection. (RunnerClient carries no WatchService client.)
 */
export function runnerWatchClient(runner: RunnerClient): RunnerWatchClient {
  const sessions = new Http2SessionManager(
    "http://runner.sock",
    { pingIntervalMs: 10_000, pingTimeoutMs: 5_000 },
    { createConnection: () => runner.address.connect() },
  );
  const transport = createGrpcTransport({
    baseUrl: "http://runner.sock",
    sessionManager: sessions,
    acceptCompression: [],
  });
  return { watch: createClient(WatchService, transport), close: () => sessions.abort() };
}
