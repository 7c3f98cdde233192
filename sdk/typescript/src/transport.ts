// Transports for Node.js: gRPC over HTTP/2 (the default), Connect (JSON over
// HTTP/1.1) and gRPC-Web, each on connections this client owns and closes.
import * as http from "node:http";
import * as https from "node:https";
import type { Interceptor, Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
  Http2SessionManager,
} from "@connectrpc/connect-node";
import type { Connection, ConnectionOptions } from "./client.js";

export type NodeProtocol = "grpc" | "connect" | "grpc-web";

export interface SandboxClientOptions extends ConnectionOptions {
  /**
   * "grpc" (default): gRPC over HTTP/2, one multiplexed connection.
   * "connect": the Connect protocol with JSON over HTTP/1.1; passes any proxy.
   * "grpc-web": gRPC-Web over HTTP/1.1.
   * Or a Transport of your own (the apiKey is then not added for you).
   */
  transport?: NodeProtocol | Transport;
}

export function nodeConnection(
  options: SandboxClientOptions,
  interceptors: Interceptor[],
): Connection {
  const { baseUrl, transport = "grpc" } = options;
  if (typeof transport !== "string") return { transport, streamsRequests: true, close() {} };
  if (transport === "grpc") {
    const sessionManager = new Http2SessionManager(baseUrl);
    return {
      transport: createGrpcTransport({ baseUrl, sessionManager, interceptors }),
      streamsRequests: true,
      close: () => sessionManager.abort(),
    };
  }
  const agent =
    new URL(baseUrl).protocol === "https:"
      ? new https.Agent({ keepAlive: true })
      : new http.Agent({ keepAlive: true });
  const common = { baseUrl, interceptors, httpVersion: "1.1" as const, nodeOptions: { agent } };
  return {
    transport:
      transport === "connect"
        ? createConnectTransport({ ...common, useBinaryFormat: false })
        : createGrpcWebTransport(common),
    streamsRequests: true,
    close: () => agent.destroy(),
  };
}
