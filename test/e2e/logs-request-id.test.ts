import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, test } from "vitest";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import {
  type CliConfig,
  collect,
  daemonConfig,
  jsonLines,
  spawnCli,
  untilListening,
} from "../support/cli.js";
import { structuredOf } from "../support/mcp-clients.js";

/**
 * Every line the daemon logs while it serves a request is a JSON object
 * carrying the request's id: the client's x-request-id when it is fit, or
 * one the daemon made. The answer says which, over REST, Connect, gRPC and
 * MCP alike. The log read here is the daemon process's own stderr.
 */

let config: (CliConfig & { apiKey: string }) | undefined;
afterEach(() => {
  config?.remove();
  config = undefined;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request ids", () => {
  test("each request's log lines carry its id, and its answer echoes it, over every protocol", async () => {
    config = daemonConfig({ log_level: "debug" });
    const child = spawnCli(["serve", "--config", config.file]);
    const out = collect(child);
    let stopped = false;
    const ids: Record<string, string> = {};
    let sessionId = "";
    try {
      const url = await untilListening(child, out);
      const authorization = `Bearer ${config.apiKey}`;
      const rest = async (
        requestId: string | undefined,
        method: string,
        path: string,
        body?: unknown,
      ) => {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization,
            ...(requestId === undefined ? {} : { "x-request-id": requestId }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, id: res.headers.get("x-request-id"), text: await res.text() };
      };

      const created = await rest("rest-create-1", "POST", "/v1/sessions", { image: "base" });
      expect(created.status, created.text).toBe(201);
      expect(created.id).toBe("rest-create-1");
      sessionId = (JSON.parse(created.text) as { id: string }).id;

      const streamed = await rest(
        "rest-stream-1",
        "POST",
        `/v1/sessions/${sessionId}/exec/stream`,
        {
          cmd: "echo hi",
        },
      );
      expect(streamed.status).toBe(200);
      expect(streamed.id).toBe("rest-stream-1");

      const connect = await fetch(`${url}/sandkasten.v1.ExecService/Exec`, {
        method: "POST",
        headers: {
          authorization,
          "content-type": "application/json",
          "x-request-id": "connect-exec-1",
        },
        body: JSON.stringify({ sessionId, cmd: "true" }),
      });
      expect(connect.status).toBe(200);
      expect(connect.headers.get("x-request-id")).toBe("connect-exec-1");

      const grpc = createClient(ExecService, createGrpcTransport({ baseUrl: url }));
      let grpcHeader: Headers | undefined;
      await grpc.exec(
        { sessionId, cmd: "true" },
        {
          headers: { authorization, "x-request-id": "grpc-exec-1" },
          onHeader: (h) => {
            grpcHeader = h;
          },
        },
      );
      expect(grpcHeader?.get("x-request-id")).toBe("grpc-exec-1");
      // An error answer (trailers only) carries it too.
      const missing = await grpc
        .exec(
          { sessionId: "nosuchsession", cmd: "true" },
          { headers: { authorization, "x-request-id": "grpc-missing-1" } },
        )
        .catch((e: { metadata?: Headers }) => e);
      expect((missing as { metadata?: Headers }).metadata?.get("x-request-id")).toBe(
        "grpc-missing-1",
      );

      const mcpIds: (string | null)[] = [];
      const mcp = new Client({ name: "sandkasten-test", version: "0.0.0" });
      await mcp.connect(
        new StreamableHTTPClientTransport(new URL("/mcp", url), {
          requestInit: { headers: { authorization, "x-request-id": "mcp-1" } },
          fetch: async (input, init) => {
            const res = await fetch(input, init);
            mcpIds.push(res.headers.get("x-request-id"));
            return res;
          },
        }),
      );
      const result = await mcp.callTool({
        name: "exec",
        arguments: { session_id: sessionId, command: "echo mcp" },
      });
      expect(String(structuredOf(result).output)).toBe("mcp\n");
      await mcp.close();
      expect(mcpIds.length).toBeGreaterThan(0);
      expect(new Set(mcpIds)).toEqual(new Set(["mcp-1"]));

      // Unfit ids (a space; too long) are replaced, and a request without one gets one.
      const spaced = await rest("has space", "GET", `/v1/sessions/${sessionId}`);
      expect(spaced.id).toMatch(UUID);
      ids.spaced = spaced.id ?? "";
      const long = await rest("x".repeat(129), "GET", `/v1/sessions/${sessionId}`);
      expect(long.id).toMatch(UUID);
      const none = await rest(undefined, "GET", "/v1/sessions/nosuchsession");
      expect(none.status).toBe(404);
      expect(none.id).toMatch(UUID);
      ids.none = none.id ?? "";

      const destroyed = await rest("rest-destroy-1", "DELETE", `/v1/sessions/${sessionId}`);
      expect(destroyed.status).toBe(200);
      child.kill("SIGTERM");
      stopped = true;
    } finally {
      if (!stopped) child.kill("SIGKILL");
    }
    const r = await out.exited;
    expect(r.code, r.stderr).toBe(0);

    const lines = jsonLines(r.stderr);
    const of = (id: string) => lines.filter((l) => l.request_id === id);
    const rpc = (id: string) =>
      of(id)
        .filter((l) => l.msg === "rpc")
        .map((l) => ({ procedure: l.procedure, code: l.code, protocol: l.protocol }));

    expect(of("rest-create-1")).toContainEqual(
      expect.objectContaining({ msg: "session created", session: sessionId }),
    );
    expect(rpc("rest-create-1")).toEqual([
      { procedure: "sandkasten.v1.SessionService/CreateSession", code: "OK", protocol: "rest" },
    ]);
    expect(rpc("rest-stream-1")).toEqual([
      { procedure: "sandkasten.v1.ExecService/ExecStream", code: "OK", protocol: "rest" },
    ]);
    expect(rpc("connect-exec-1")).toEqual([
      { procedure: "sandkasten.v1.ExecService/Exec", code: "OK", protocol: "connect" },
    ]);
    expect(rpc("grpc-exec-1")).toEqual([
      { procedure: "sandkasten.v1.ExecService/Exec", code: "OK", protocol: "grpc" },
    ]);
    expect(rpc("grpc-missing-1")).toEqual([
      { procedure: "sandkasten.v1.ExecService/Exec", code: "NotFound", protocol: "grpc" },
    ]);
    // MCP's exec tool streams (for its progress notifications).
    expect(rpc("mcp-1")).toContainEqual({
      procedure: "sandkasten.v1.ExecService/ExecStream",
      code: "OK",
      protocol: "mcp",
    });
    expect(rpc(ids.spaced ?? "")).toEqual([
      { procedure: "sandkasten.v1.SessionService/GetSession", code: "OK", protocol: "rest" },
    ]);
    expect(rpc(ids.none ?? "")).toEqual([
      { procedure: "sandkasten.v1.SessionService/GetSession", code: "NotFound", protocol: "rest" },
    ]);
    expect(of("rest-destroy-1")).toContainEqual(
      expect.objectContaining({ msg: "session destroyed", session: sessionId }),
    );
    // Lines logged outside any request carry none.
    expect(lines.find((l) => l.msg === "listening")).not.toHaveProperty("request_id");
    expect(lines.find((l) => l.msg === "stopping")).not.toHaveProperty("request_id");
  });
});
