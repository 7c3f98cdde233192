// The Node.js entry point: `import { SandboxClient } from "@sandkasten/client"`.
import { SandboxClientBase } from "./client.js";
import { nodeConnection, type SandboxClientOptions } from "./transport.js";

/**
 * A client for one Sandkasten daemon:
 * `new SandboxClient({ baseUrl, apiKey })`, gRPC over HTTP/2 unless
 * `transport` says "connect" or "grpc-web".
 */
export class SandboxClient extends SandboxClientBase {
  constructor(options: SandboxClientOptions) {
    super(options, (interceptors) => nodeConnection(options, interceptors));
  }
}

export * from "./public.js";
export type { NodeProtocol, SandboxClientOptions } from "./transport.js";
