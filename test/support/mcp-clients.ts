import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { TestDaemon } from "./test-daemon.js";

/** An MCP client (the official SDK) connected to the daemon's /mcp with `key`. */
export async function mcpOverHttp(d: TestDaemon, key: string = d.apiKey): Promise<Client> {
  const client = new Client({ name: "sandkasten-test", version: "0.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL("/mcp", d.url), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return client;
}

/** The text of a tool result's first content item. */
export function textOf(result: unknown): string {
  const first = (result as CallToolResult).content[0];
  if (first?.type !== "text")
    throw new Error(`expected text content, got ${JSON.stringify(result)}`);
  return first.text;
}

/** A tool result's structured content; fails on a tool error. */
export function structuredOf(result: unknown): Record<string, unknown> {
  const r = result as CallToolResult;
  if (r.isError) throw new Error(`tool error: ${textOf(r)}`);
  if (r.structuredContent === undefined) throw new Error("no structured content");
  return r.structuredContent;
}

/** Creates a session through the MCP tool and returns its id. */
export async function createSessionOverMcp(client: Client): Promise<string> {
  const result = await client.callTool({ name: "create_session", arguments: { image: "base" } });
  const session = structuredOf(result).session as { id: string };
  return session.id;
}

/**
 * Runs, in the session, a loop that waits up to 10 s for no process to match
 * `pattern` (pgrep -f) and returns what it printed: "gone" or "still running".
 */
export async function waitUntilNoProcess(
  client: Client,
  sessionId: string,
  pattern: string,
): Promise<string> {
  const command = `r="still running"; for i in $(seq 100); do pgrep -f '${pattern}' >/dev/null || { r=gone; break; }; sleep 0.1; done; echo "$r"`;
  const result = await client.callTool({
    name: "exec",
    arguments: { session_id: sessionId, command },
  });
  return String(structuredOf(result).output).trim();
}
