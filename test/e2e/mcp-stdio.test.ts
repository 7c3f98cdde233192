import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { onTestFinished } from "vitest";
import { describe, expect, test } from "../support/fixtures.js";
import {
  createSessionOverMcp,
  structuredOf,
  textOf,
  waitUntilNoProcess,
} from "../support/mcp-clients.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * `sandkasten mcp`: the built CLI serving MCP on stdio, spawned by the
 * official MCP client SDK and pointed at the in-process test daemon.
 */

const CLI = resolve("dist/sandkasten.mjs");

interface StdioMcp {
  client: Client;
  /** What the CLI wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

async function mcpOverStdio(d: TestDaemon, key = d.apiKey): Promise<StdioMcp> {
  // A directory without sandkasten.yaml: the flag and the environment alone say where the daemon is.
  const cwd = mkdtempSync("/tmp/skt-mcp-");
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "mcp", "--url", d.url],
    env: { SANDKASTEN_API_KEY: key },
    cwd,
    stderr: "pipe",
  });
  let stderr = "";
  (transport.stderr as Readable | null)?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name: "sandkasten-stdio-test", version: "0.0.0" });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    async close() {
      await client.close();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** The CLI spoken to by hand, without an MCP client; killed after the test if still running. */
function spawnCli(d: TestDaemon) {
  const child = spawn(process.execPath, [CLI, "mcp", "--url", d.url], {
    env: { ...process.env, SANDKASTEN_API_KEY: d.apiKey },
    stdio: ["pipe", "pipe", "pipe"],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  child.stderr.resume();
  return { child, stdout: () => text };
}

describe("sandkasten mcp (stdio)", () => {
  test("runs a command, streams its output and round-trips a file", async ({ daemon }) => {
    const mcp = await mcpOverStdio(daemon);
    const { client } = mcp;
    const id = await createSessionOverMcp(client);
    try {
      const messages: string[] = [];
      const exec = await client.callTool(
        {
          name: "exec",
          arguments: {
            session_id: id,
            command: "cd /tmp && for i in a b; do echo $i; sleep 0.2; done",
          },
        },
        undefined,
        { onprogress: (p) => p.message !== undefined && messages.push(p.message) },
      );
      expect(structuredOf(exec)).toMatchObject({ exit_code: 0, cwd: "/tmp", output: "a\nb\n" });
      expect(messages).toEqual(["a\n", "b\n"]);

      const content = "line one\nline two ✓\n";
      const written = await client.callTool({
        name: "write_file",
        arguments: { session_id: id, path: "stdio/file.txt", content },
      });
      expect(written.isError).toBeFalsy();
      const read = await client.callTool({
        name: "read_file",
        arguments: { session_id: id, path: "/workspace/stdio/file.txt" },
      });
      expect(textOf(read)).toBe(content);
      const wc = await client.callTool({
        name: "exec",
        arguments: { session_id: id, command: "wc -l < /workspace/stdio/file.txt" },
      });
      expect(structuredOf(wc).output).toBe("2\n");
    } finally {
      await client.callTool({ name: "destroy_session", arguments: { session_id: id } });
    }
    await mcp.close();
    expect(mcp.stderr()).toContain(`serving MCP on stdio for ${daemon.url}`);
    expect(mcp.stderr()).toContain("stdin ended");
  });

  test("cancelling a call stops its command; the session runs the next one", async ({ daemon }) => {
    const mcp = await mcpOverStdio(daemon);
    const { client } = mcp;
    const id = await createSessionOverMcp(client);
    try {
      const abort = new AbortController();
      const call = client.callTool(
        {
          name: "exec",
          arguments: { session_id: id, command: "echo started; sleep 124; echo finished" },
        },
        undefined,
        { signal: abort.signal, onprogress: (p) => p.message === "started\n" && abort.abort() },
      );
      await expect(call).rejects.toThrow(/abort/i);
      expect(await waitUntilNoProcess(client, id, "slee[p] 124")).toBe("gone");
    } finally {
      await client.callTool({ name: "destroy_session", arguments: { session_id: id } });
    }
    await mcp.close();
  });

  test("a wrong API key makes every tool call a tool error naming it; the server stays up", async ({
    daemon,
  }) => {
    const mcp = await mcpOverStdio(daemon, "sk-wrong");
    const first = await mcp.client.callTool({ name: "list_sessions", arguments: {} });
    expect(first.isError).toBe(true);
    expect(textOf(first)).toMatch(/^unauthenticated: /);
    const second = await mcp.client.callTool({
      name: "create_session",
      arguments: { image: "base" },
    });
    expect(textOf(second)).toMatch(/^unauthenticated: /);
    expect(await daemon.daemon.ctx.sessions.list()).toEqual([]);
    await mcp.close();
    expect(mcp.stderr()).toContain("stdin ended");
  });

  test("ends by itself with exit code 0 when stdin closes, after talking to the daemon", async ({
    daemon,
  }) => {
    const { child, stdout } = spawnCli(daemon);
    const messages = [
      {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "raw", version: "0" },
        },
      },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      {
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "list_sessions", arguments: {} },
      },
    ];
    child.stdin.write(messages.map((m) => `${JSON.stringify(m)}\n`).join(""));
    // The answer to the tool call means a keep-alive connection to the daemon is open.
    while (!stdout().includes('"id":2')) await once(child.stdout, "data");
    const exited = once(child, "exit");
    child.stdin.end();
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // Nothing but JSON-RPC on stdout.
    for (const line of stdout().trim().split("\n")) {
      expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    }
  });

  test("answers every request already sent when stdin closes, then ends", async ({ daemon }) => {
    const { child, stdout } = spawnCli(daemon);
    const exited = once(child, "exit");
    // A whole conversation piped in at once: stdin ends before any answer.
    child.stdin.end(
      [
        {
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "pipe", version: "0" },
          },
        },
        { jsonrpc: "2.0", method: "notifications/initialized" },
        {
          jsonrpc: "2.0",
          id: 2,
          method: "tools/call",
          params: { name: "list_sessions", arguments: {} },
        },
        { jsonrpc: "2.0", id: 3, method: "tools/list" },
      ]
        .map((m) => `${JSON.stringify(m)}\n`)
        .join(""),
    );
    const [code] = await exited;
    expect(code).toBe(0);
    const answered = stdout()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).id);
    expect(answered.sort()).toEqual([1, 2, 3]);
  });
});
