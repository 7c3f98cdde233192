// Drives a sandbox through Sandkasten's MCP server with the official MCP client SDK.
//
//   npm start                                   # a daemon, in another terminal
//   export SANDKASTEN_API_KEY=sk-...            # the daemon's api_key
//   npx tsx examples/mcp-client.ts              # streamable HTTP: $SANDKASTEN_URL/mcp
//   npx tsx examples/mcp-client.ts --stdio      # stdio: spawns `sandkasten mcp`
//
// SANDKASTEN_URL defaults to http://127.0.0.1:8080.
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

const url = process.env.SANDKASTEN_URL ?? "http://127.0.0.1:8080";
const apiKey = process.env.SANDKASTEN_API_KEY ?? "";

function transport(): Transport {
  if (process.argv.includes("--stdio")) {
    return new StdioClientTransport({
      command: process.execPath,
      args: [fileURLToPath(new URL("../bin/sandkasten.js", import.meta.url)), "mcp", "--url", url],
      env: { SANDKASTEN_API_KEY: apiKey },
    });
  }
  return new StreamableHTTPClientTransport(new URL("/mcp", url), {
    requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
  });
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool(
    { name, arguments: args },
    undefined,
    // Output of `exec` arrives here while the command runs.
    { onprogress: (p) => p.message && process.stdout.write(p.message) },
  )) as CallToolResult;
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return result.structuredContent ?? {};
}

const client = new Client({ name: "sandkasten-example", version: "1.0.0" });
await client.connect(transport());
const { tools } = await client.listTools();
console.log(`tools: ${tools.map((t) => t.name).join(", ")}`);

const { session } = (await call(client, "create_session", { image: "python" })) as {
  session: { id: string };
};
console.log(`session ${session.id}`);
try {
  await call(client, "write_file", {
    session_id: session.id,
    path: "count.py",
    content: "import time\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.5)\n",
  });
  const run = await call(client, "exec", {
    session_id: session.id,
    command: "python3 count.py | tee out.txt",
  });
  console.log(`exit code ${run.exit_code}`);
  const file = await call(client, "read_file", { session_id: session.id, path: "out.txt" });
  console.log(`out.txt: ${JSON.stringify(file.content)}`);
} finally {
  await call(client, "destroy_session", { session_id: session.id });
  await client.close();
}
