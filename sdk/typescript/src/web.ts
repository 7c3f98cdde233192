// The browser entry point (also fine in Deno, Bun and Node >= 18, over fetch):
// `import { SandboxClient } from "@sandkasten/client/web"`, or the plain
// package name where the bundler picks the "browser" condition.
import type { Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import { type ConnectionOptions, SandboxClientBase } from "./client.js";

export type WebProtocol = "connect" | "grpc-web";

export interface SandboxClientOptions extends ConnectionOptions {
  /** "connect" (default, JSON) or "grpc-web", both over fetch; or a Transport of your own. */
  transport?: WebProtocol | Transport;
  /** The fetch to use; default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
}

function webTransport(options: SandboxClientOptions, interceptors: Interceptor[]): Transport {
  const { baseUrl, transport = "connect" } = options;
  if (typeof transport !== "string") return transport;
  const common = {
    baseUrl,
    interceptors,
    fetch: options.fetch,
  };
  return transport === "connect" ? createConnectTransport(common) : createGrpcWebTransport(common);
}

/** A client for one Sandkasten daemon over fetch (Connect or gRPC-Web). */
export class SandboxClient extends SandboxClientBase {
  constructor(options: SandboxClientOptions) {
    // fetch keeps no connection of this client's own to close, and cannot
    // stream a request body: uploads fall back to unary writes.
    super(options, (interceptors) => ({
      transport: webTransport(options, interceptors),
      streamsRequests: false,
      close() {},
    }));
  }
}

export * from "./public.js";
