import type http from "node:http";
import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import type { Config } from "../config/load.js";

/** The daemon's URL as seen from this machine: a wildcard listen address becomes loopback. */
export function daemonUrl(config: Config): string {
  const host = config.listen.replace(/^0\.0\.0\.0:/, "127.0.0.1:").replace(/^\[::\]:/, "[::1]:");
  return `http://${host}`;
}

/**
 * A Connect transport (HTTP/1.1) to the daemon at `baseUrl` that sends
 * `apiKey` when it has one; through `agent` when given (to close its
 * keep-alive connections at the end).
 */
export function daemonTransport(baseUrl: string, apiKey: string, agent?: http.Agent): Transport {
  return createConnectTransport({
    baseUrl,
    httpVersion: "1.1",
    ...(agent === undefined ? {} : { nodeOptions: { agent } }),
    interceptors: [
      (next) => (req) => {
        if (apiKey) req.header.set("authorization", `Bearer ${apiKey}`);
        return next(req);
      },
    ],
  });
}

/** A Connect client for the daemon that `config` describes. */
export function sessionClient(config: Config): Client<typeof SessionService> {
  return createClient(SessionService, daemonTransport(daemonUrl(config), config.api_key));
}
