import type { Interceptor, Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import type { Protocol } from "./clients.js";
import type { TestDaemon } from "./test-daemon.js";

/**
 * A transport that sends exactly `authorization` as the Authorization header,
 * or none at all when it is undefined (transportFor in clients.ts falls back
 * to the daemon's key instead).
 */
export function transportWithAuthorization(
  d: TestDaemon,
  protocol: Protocol,
  authorization: string | undefined,
): Transport {
  const setHeader: Interceptor = (next) => (req) => {
    if (authorization === undefined) req.header.delete("authorization");
    else req.header.set("authorization", authorization);
    return next(req);
  };
  const interceptors = [setHeader];
  switch (protocol) {
    case "grpc":
      return createGrpcTransport({ baseUrl: d.url, interceptors });
    case "grpc-web":
      return createGrpcWebTransport({ baseUrl: d.url, httpVersion: "1.1", interceptors });
    case "connect":
      return createConnectTransport({ baseUrl: d.url, httpVersion: "1.1", interceptors });
  }
}
