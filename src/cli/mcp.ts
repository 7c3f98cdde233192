import http from "node:http";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { sandboxApi } from "../mcp/clients.js";
import { trackPendingRequests } from "../mcp/pending-requests.js";
import { createSandboxMcpServer } from "../mcp/server.js";
import { daemonTransport, daemonUrl } from "./api-client.js";
import { loadCliConfig } from "./config-file.js";

export interface McpCommandOptions {
  configFile?: string;
  /** --url; else SANDKASTEN_URL; else the config's listen address. */
  url?: string;
  /** --api-key; else the config's api_key (SANDKASTEN_API_KEY counts there). */
  apiKey?: string;
}

/**
 * Serves MCP over stdin/stdout for a running daemon, until stdin ends.
 * stdout carries nothing but the protocol; notes go to stderr.
 */
export async function mcp(o: McpCommandOptions): Promise<number> {
  const config = loadCliConfig(o.configFile);
  const url = o.url ?? process.env.SANDKASTEN_URL ?? daemonUrl(config);
  const apiKey = o.apiKey ?? config.api_key;
  const agent = new http.Agent({ keepAlive: true });
  const server = createSandboxMcpServer(sandboxApi(daemonTransport(url, apiKey, agent)));
  const transport = new StdioServerTransport();
  transport.onerror = (err) => process.stderr.write(`sandkasten mcp: ${err.message}\n`);
  const stdinEnded = new Promise<void>((resolve) => process.stdin.once("end", resolve));
  await server.connect(transport);
  const requests = trackPendingRequests(transport);
  process.stderr.write(`sandkasten mcp: serving MCP on stdio for ${url}\n`);
  await stdinEnded;
  process.stderr.write("sandkasten mcp: stdin ended; answering what was asked, then stopping\n");
  await requests.idle();
  await server.close();
  agent.destroy();
  return 0;
}
