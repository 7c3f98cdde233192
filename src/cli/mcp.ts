import http from "node:http";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { sandboxApi } from "../mcp/clients.js";
import { trackPendingRequests } from "../mcp/pending-requests.js";
import { createSandboxMcpServer } from "../mcp/server.js";
import { type DaemonOptions, daemonTransport, resolveDaemon } from "./api-client.js";

/**
 * Serves MCP over stdin/stdout for a running daemon, until stdin ends.
 * stdout carries nothing but the protocol; notes go to stderr.
 */
export async function mcp(o: DaemonOptions): Promise<number> {
  const { url, apiKey } = resolveDaemon(o);
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
