import { Code, ConnectError } from "@connectrpc/connect";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** A successful result: text for the model, the same facts as structured content. */
export function toolResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/** A failed call as an MCP tool error, with the daemon's message and code. */
export function toolError(err: unknown): CallToolResult {
  return { content: [{ type: "text", text: describeToolError(err) }], isError: true };
}

export function describeToolError(err: unknown): string {
  if (err instanceof ConnectError) return `${codeName(err.code)}: ${err.rawMessage}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

// "NotFound" → "not_found", as the Connect protocol spells codes.
function codeName(code: Code): string {
  return (Code[code] ?? "unknown").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Runs a tool body; anything it throws becomes a tool error instead of a protocol error. */
export async function guarded(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    return toolError(err);
  }
}
