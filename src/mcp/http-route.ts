import type http from "node:http";
import type http2 from "node:http2";
import type { Transport } from "@connectrpc/connect";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { sendJson } from "../rest/respond.js";
import { splitUrl } from "../rest/url.js";
import { dropConnectionHeaders } from "../server/http2-headers.js";
import { sandboxApi } from "./clients.js";
import { MAX_MCP_BODY_BYTES } from "./limits.js";
import { createSandboxMcpServer } from "./server.js";

export const MCP_PATH = "/mcp";

export interface McpHttpOptions {
  /** In-process transport to the handler set: auth and validation run there, once. */
  transport: Transport;
  /** The same key check the auth interceptor makes. */
  authenticate: (authorization: string | undefined) => Promise<boolean>;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/**
 * MCP's streamable HTTP transport at /mcp, stateless: every POST carries one
 * JSON-RPC message (or batch) and gets its answer, with a tool call's progress
 * notifications streamed before it as server-sent events. No MCP session
 * lives on the daemon between requests; sandbox sessions are the state, named
 * by id in tool arguments. Returns false for any other path.
 */
export function createMcpHttpRoute(
  options: McpHttpOptions,
): (req: Request, res: Response) => boolean {
  return (req, res) => {
    if (splitUrl(req.url ?? "/").path !== MCP_PATH) return false;
    serve(req, res, options).catch((err: unknown) => {
      options.log("mcp request failed", { error: String(err) });
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      else res.destroy();
    });
    return true;
  };
}

async function serve(req: Request, res: Response, options: McpHttpOptions): Promise<void> {
  req.on("error", () => {});
  const authorization = req.headers.authorization;
  if (!(await options.authenticate(authorization))) {
    sendJson(res, 401, { error: "missing or invalid API key" }, { "www-authenticate": "Bearer" });
    return;
  }
  // Stateless: there is no server-initiated stream (GET) and no MCP session to end (DELETE).
  if (req.method !== "POST") {
    sendJson(res, 405, { error: `method ${req.method} is not allowed here` }, { allow: "POST" });
    return;
  }
  const api = sandboxApi(options.transport, {
    headers: authorization === undefined ? {} : { authorization },
  });
  const server = createSandboxMcpServer(api);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    maxRequestBodySize: MAX_MCP_BODY_BYTES,
  });
  transport.onerror = (err) => options.log("mcp transport error", { error: err.message });
  if (req.httpVersionMajor === 2) dropConnectionHeaders(res as http2.Http2ServerResponse);
  res.once("close", () => {
    // Closing cancels tool calls still running (their signals abort).
    server.close().catch(() => {});
  });
  await server.connect(transport);
  await transport.handleRequest(req as http.IncomingMessage, res as http.ServerResponse);
}
