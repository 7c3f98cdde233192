import http2 from "node:http2";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { vi } from "vitest";
import { omissionNote } from "../../src/exec/capped-text.js";
import { describe, expect, test } from "../support/fixtures.js";
import {
  createSessionOverMcp,
  mcpOverHttp,
  structuredOf,
  textOf,
  waitUntilNoProcess,
} from "../support/mcp-clients.js";

/**
 * The MCP server on the daemon's /mcp (streamable HTTP, HTTP/1.1), driven by
 * the official MCP client SDK against real containers.
 */

async function withSession(
  client: Client,
  body: (sessionId: string) => Promise<void>,
): Promise<void> {
  const id = await createSessionOverMcp(client);
  try {
    await body(id);
  } finally {
    await client.callTool({ name: "destroy_session", arguments: { session_id: id } });
  }
}

describe("MCP over streamable HTTP", () => {
  test("lists the sandbox tools with their input schemas", async ({ daemon }) => {
    const client = await mcpOverHttp(daemon);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "create_session",
      "destroy_session",
      "diff_workspace",
      "exec",
      "extend_session",
      "job_output",
      "list_files",
      "list_jobs",
      "list_sessions",
      "read_file",
      "restore_workspace",
      "signal_job",
      "snapshot_workspace",
      "watch_files",
      "write_file",
      "write_job_stdin",
    ]);
    const exec = tools.find((t) => t.name === "exec");
    expect(exec?.inputSchema.required).toEqual(["session_id", "command"]);
    await client.close();
  });

  test("creates a session, runs commands in its persistent shell and destroys it", async ({
    daemon,
  }) => {
    const client = await mcpOverHttp(daemon);
    const id = await createSessionOverMcp(client);
    expect(id).toMatch(/^[a-z0-9]+$/);

    const listed = structuredOf(await client.callTool({ name: "list_sessions", arguments: {} }));
    expect((listed.sessions as { id: string }[]).map((s) => s.id)).toContain(id);

    const echo = await client.callTool({
      name: "exec",
      arguments: { session_id: id, command: "mkdir -p /tmp/here && cd /tmp/here && echo hello" },
    });
    expect(structuredOf(echo)).toMatchObject({ exit_code: 0, cwd: "/tmp/here", output: "hello\n" });
    expect(textOf(echo)).toBe("hello\n[exit code 0, cwd /tmp/here]");

    const failing = await client.callTool({
      name: "exec",
      arguments: { session_id: id, command: "pwd; echo oops >&2; false" },
    });
    expect(failing.isError).toBeFalsy();
    expect(structuredOf(failing)).toMatchObject({ exit_code: 1, output: "/tmp/here\noops\n" });

    const destroyed = await client.callTool({
      name: "destroy_session",
      arguments: { session_id: id },
    });
    expect(destroyed.isError).toBeFalsy();
    const after = structuredOf(await client.callTool({ name: "list_sessions", arguments: {} }));
    expect((after.sessions as { id: string }[]).map((s) => s.id)).not.toContain(id);
    await client.close();
    // Every call ended on the daemon too: nothing is left for a shutdown to wait for.
    await vi.waitFor(() => expect(daemon.daemon.ctx.drain.inFlight).toBe(0), { timeout: 5_000 });
  });

  test("streams a command's output as progress notifications, one per line", async ({ daemon }) => {
    const client = await mcpOverHttp(daemon);
    await withSession(client, async (id) => {
      const messages: string[] = [];
      const result = await client.callTool(
        {
          name: "exec",
          arguments: { session_id: id, command: "for i in 1 2 3; do echo $i; sleep 0.3; done" },
        },
        undefined,
        { onprogress: (p) => p.message !== undefined && messages.push(p.message) },
      );
      expect(structuredOf(result)).toMatchObject({ exit_code: 0, output: "1\n2\n3\n" });
      // Each line was sent on its own (the command sleeps between them).
      expect(messages).toEqual(["1\n", "2\n", "3\n"]);
    });
    await client.close();
  });

  test("output past 1 MiB is not streamed; the result keeps its head and tail and says what it left out", async ({
    daemon,
  }) => {
    const client = await mcpOverHttp(daemon);
    await withSession(client, async (id) => {
      let streamed = 0;
      const result = await client.callTool(
        {
          name: "exec",
          arguments: {
            session_id: id,
            command: "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo ERR >&2",
          },
        },
        undefined,
        { onprogress: (p) => (streamed += p.message?.length ?? 0) },
      );
      const r = structuredOf(result);
      const total = 3_000_000 + 1 + 4;
      const omitted = total - 1024 * 1024;
      expect(r).toMatchObject({
        exit_code: 0,
        truncated: true,
        output_bytes: total,
        omitted_bytes: omitted,
      });
      expect(r.output).toBe(
        `${"x".repeat(64 * 1024)}${omissionNote(omitted)}${"x".repeat(1024 * 1024 - 64 * 1024 - 5)}\nERR\n`,
      );
      expect(streamed).toBe(1024 * 1024);
      expect(textOf(result)).toMatch(
        new RegExp(
          `\\[exit code 0, cwd \\S+, output truncated: ${omitted} of ${total} bytes left out in the middle\\]$`,
        ),
      );
    });
    await client.close();
  });

  test("progress reaches the client while the command still runs", async ({ daemon }) => {
    const client = await mcpOverHttp(daemon);
    await withSession(client, async (id) => {
      // The command ends only once the client, having seen its first line, writes the file
      // it waits for: it could not finish if output were sent only with the result.
      let released: Promise<unknown> | undefined;
      const result = await client.callTool(
        {
          name: "exec",
          arguments: {
            session_id: id,
            command: "echo waiting; until [ -f /tmp/go ]; do sleep 0.05; done; echo released",
            timeout_ms: 30_000,
          },
        },
        undefined,
        {
          onprogress: (p) => {
            if (p.message === "waiting\n" && released === undefined) {
              released = client.callTool({
                name: "write_file",
                arguments: { session_id: id, path: "/tmp/go", content: "" },
              });
            }
          },
        },
      );
      expect(released).toBeDefined();
      expect(structuredOf(await released)).toMatchObject({ size: 0 });
      expect(structuredOf(result)).toMatchObject({
        exit_code: 0,
        timed_out: false,
        output: "waiting\nreleased\n",
      });
    });
    await client.close();
  });

  test("a client that closes its request stops the command it started", async ({ daemon }) => {
    const client = await mcpOverHttp(daemon);
    await withSession(client, async (id) => {
      // A raw request, to close it mid-call: MCP over HTTP here is stateless, so
      // the request's connection is what a call lives on.
      const abort = new AbortController();
      const res = await fetch(`${daemon.url}/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${daemon.apiKey}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-protocol-version": "2025-06-18",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 7,
          method: "tools/call",
          params: {
            name: "exec",
            arguments: { session_id: id, command: "echo started; sleep 123; echo finished" },
            _meta: { progressToken: "p7" },
          },
        }),
        signal: abort.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body?.getReader();
      if (reader === undefined) throw new Error("no response body");
      let seen = "";
      while (!seen.includes("started")) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before the first output: ${seen}`);
        seen += new TextDecoder().decode(value);
      }
      expect(seen).toMatch(/"method":"notifications\/progress".*"message":"started\\n"/);
      abort.abort();
      expect(await waitUntilNoProcess(client, id, "slee[p] 123")).toBe("gone");
    });
    await vi.waitFor(() => expect(daemon.daemon.ctx.drain.inFlight).toBe(0), { timeout: 5_000 });
    await client.close();
  });

  test("writes, reads back and lists files, as text and as base64", async ({ daemon }) => {
    const client = await mcpOverHttp(daemon);
    await withSession(client, async (id) => {
      const text = "héllo\nwörld\n";
      const written = await client.callTool({
        name: "write_file",
        arguments: { session_id: id, path: "notes/a.txt", content: text },
      });
      expect(structuredOf(written)).toMatchObject({ size: Buffer.byteLength(text) });

      const read = await client.callTool({
        name: "read_file",
        arguments: { session_id: id, path: "notes/a.txt" },
      });
      expect(structuredOf(read)).toMatchObject({ content: text, truncated: false });
      expect(textOf(read)).toBe(text);

      const bytes = Buffer.from([0, 1, 2, 255, 254, 10]);
      await client.callTool({
        name: "write_file",
        arguments: {
          session_id: id,
          path: "/workspace/notes/b.bin",
          content: bytes.toString("base64"),
          encoding: "base64",
        },
      });
      const binary = await client.callTool({
        name: "read_file",
        arguments: { session_id: id, path: "notes/b.bin", encoding: "base64" },
      });
      expect(Buffer.from(structuredOf(binary).content as string, "base64")).toEqual(bytes);
      const asText = await client.callTool({
        name: "read_file",
        arguments: { session_id: id, path: "notes/b.bin" },
      });
      expect(asText.isError).toBe(true);
      expect(textOf(asText)).toMatch(/not UTF-8 text; read it with encoding "base64"/);

      // The shell sees what the tools wrote.
      const cat = await client.callTool({
        name: "exec",
        arguments: { session_id: id, command: "cat /workspace/notes/a.txt" },
      });
      expect(structuredOf(cat).output).toBe(text);

      const listing = structuredOf(
        await client.callTool({ name: "list_files", arguments: { session_id: id, path: "notes" } }),
      );
      const entries = listing.entries as { name: string; size: number; is_dir: boolean }[];
      expect(entries.map((e) => [e.name, e.size]).sort()).toEqual([
        ["a.txt", Buffer.byteLength(text)],
        ["b.bin", bytes.length],
      ]);
    });
    await client.close();
  });

  test("an unknown or malformed session id is a tool error with the reason", async ({ daemon }) => {
    const client = await mcpOverHttp(daemon);
    const unknown = await client.callTool({
      name: "exec",
      arguments: { session_id: "doesnotexist0", command: "true" },
    });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^not_found: .*doesnotexist0/);

    const read = await client.callTool({
      name: "read_file",
      arguments: { session_id: "doesnotexist0", path: "a.txt" },
    });
    expect(read.isError).toBe(true);
    expect(textOf(read)).toMatch(/^not_found: /);

    const malformed = await client.callTool({
      name: "destroy_session",
      arguments: { session_id: "Not A Session!" },
    });
    expect(malformed.isError).toBe(true);
    expect(textOf(malformed)).toMatch(
      /a session id is 1-64 lowercase letters and digits at session_id/,
    );

    // The server is still there.
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });

  test("refuses requests without the API key (401), other methods (405) and oversized bodies (413)", async ({
    daemon,
  }) => {
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "curl", version: "0" },
      },
    });
    const post = (headers: Record<string, string>, body = initialize) =>
      fetch(`${daemon.url}/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
        body,
      });
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect((await post({ authorization: "Bearer wrong" })).status).toBe(401);
    await expect(mcpOverHttp(daemon, "wrong-key")).rejects.toMatchObject({
      code: 401,
      message: expect.stringMatching(/missing or invalid API key/),
    });

    const auth = { authorization: `Bearer ${daemon.apiKey}` };
    const ok = await post(auth);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/"serverInfo":\{"name":"sandkasten"/);

    const get = await fetch(`${daemon.url}/mcp`, { headers: auth });
    expect(get.status).toBe(405);
    await get.body?.cancel();

    const huge = await post(auth, `"${"x".repeat(9 * 1024 * 1024)}"`);
    expect(huge.status).toBe(413);
    await huge.body?.cancel();
  });

  test("answers over h2c too, without connection-specific headers", async ({ daemon }) => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    const session = http2.connect(daemon.url);
    try {
      const stream = session.request({
        ":method": "POST",
        ":path": "/mcp",
        authorization: `Bearer ${daemon.apiKey}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      });
      stream.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
      const [headers] = (await new Promise((resolve) =>
        stream.once("response", (h) => resolve([h])),
      )) as [http2.IncomingHttpHeaders];
      let body = "";
      for await (const chunk of stream) body += chunk;
      expect(headers[":status"]).toBe(200);
      expect(headers.connection).toBeUndefined();
      expect(body).toContain('"name":"exec"');
      expect(warnings.map((w) => w.message)).not.toContainEqual(
        expect.stringMatching(/connection header/),
      );
    } finally {
      process.off("warning", onWarning);
      session.close();
    }
  });
});
