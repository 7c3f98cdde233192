import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import type { Config } from "../config/load.js";

/** A Connect client for the daemon that `config` describes. */
export function sessionClient(config: Config): Client<typeof SessionService> {
  const host = config.listen.replace(/^0\.0\.0\.0:/, "127.0.0.1:").replace(/^\[::\]:/, "[::1]:");
  const transport = createConnectTransport({
    baseUrl: `http://${host}`,
    httpVersion: "1.1",
    interceptors: [
      (next) => (req) => {
        if (config.api_key) req.header.set("authorization", `Bearer ${config.api_key}`);
        return next(req);
      },
    ],
  });
  return createClient(SessionService, transport);
}
