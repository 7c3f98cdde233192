import http from "node:http";
import { type Client, Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { ConfigService } from "../../gen/sandkasten/v1/config_pb.js";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import type { Config } from "../config/load.js";
import { describeToolError } from "../mcp/tool-result.js";
import { CliError } from "./cli-args.js";
import { loadCliConfig } from "./config-file.js";

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

export interface DaemonOptions {
  configFile?: string;
  /** --url; else SANDKASTEN_URL; else the config's listen address. */
  url?: string;
  /** --api-key; else the config's api_key (SANDKASTEN_API_KEY counts there). */
  apiKey?: string;
}

/** Where the daemon is and the key to send it, from the flags, the environment and the config. */
export interface DaemonTarget {
  config: Config;
  url: string;
  apiKey: string;
}

export function resolveDaemon(o: DaemonOptions): DaemonTarget {
  const config = loadCliConfig(o.configFile);
  return {
    config,
    url: (o.url ?? process.env.SANDKASTEN_URL ?? daemonUrl(config)).replace(/\/+$/, ""),
    apiKey: o.apiKey ?? config.api_key,
  };
}

/** Connect clients for the daemon's services; close() ends their keep-alive connections. */
export interface DaemonClients {
  sessions: Client<typeof SessionService>;
  exec: Client<typeof ExecService>;
  workspaces: Client<typeof WorkspaceService>;
  config: Client<typeof ConfigService>;
  close(): void;
}

export function daemonClients(target: DaemonTarget): DaemonClients {
  const agent = new http.Agent({ keepAlive: true });
  const transport = daemonTransport(target.url, target.apiKey, agent);
  return {
    sessions: createClient(SessionService, transport),
    exec: createClient(ExecService, transport),
    workspaces: createClient(WorkspaceService, transport),
    config: createClient(ConfigService, transport),
    close: () => agent.destroy(),
  };
}

/** A call's error as one line; an unreachable daemon gets a hint. */
export function callFailure(target: DaemonTarget, err: unknown): CliError {
  const e = ConnectError.from(err);
  if (
    e.code === Code.Unavailable &&
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|fetch failed/.test(e.message)
  ) {
    return new CliError(
      `the daemon is not answering at ${target.url} (${e.rawMessage}); start it with 'sandkasten daemon -d', or run 'sandkasten doctor'`,
    );
  }
  return new CliError(describeToolError(e));
}
