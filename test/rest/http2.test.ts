import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { createRouterTransport } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { createRestGateway } from "../../src/rest/gateway.js";
import { API_KEY, parseSse } from "./rest-harness.js";

describe("the gateway under the HTTP/2 compatibility API", () => {
  let server: http2.Http2Server;
  let client: http2.ClientHttp2Session;

  beforeAll(async () => {
    const transport = createRouterTransport((router) => {
      router.service(ExecService, {
        async *execStream() {
          yield { event: { case: "output", value: { data: Buffer.from("hi\r\n") } } };
          yield { event: { case: "ended", value: { exitCode: 0, cwd: "/w" } } };
        },
      });
    });
    const gateway = createRestGateway({
      transport,
      authenticate: async (header) => header === `Bearer ${API_KEY}`,
      maxBodyBytes: 1024,
      maxUploadBytes: 1024,
    });
    server = http2.createServer((req, res) => {
      if (!gateway(req, res)) {
        res.writeHead(418);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  function request(
    headers: http2.OutgoingHttpHeaders,
    body?: string,
  ): Promise<{ status: number; headers: http2.IncomingHttpHeaders; text: string }> {
    return new Promise((resolve, reject) => {
      const stream = client.request(headers);
      let responseHeaders: http2.IncomingHttpHeaders = {};
      let text = "";
      stream.on("response", (h) => {
        responseHeaders = h;
      });
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        text += chunk;
      });
      stream.on("end", () =>
        resolve({ status: Number(responseHeaders[":status"]), headers: responseHeaders, text }),
      );
      stream.on("error", reject);
      stream.end(body);
    });
  }

  it("serves health, errors and event streams", async () => {
    const health = await request({ ":path": "/healthz" });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: "ok" });

    const denied = await request({ ":path": "/v1/sessions" });
    expect(denied.status).toBe(401);

    const stream = await request(
      {
        ":path": "/v1/sessions/s1/exec/stream",
        ":method": "POST",
        authorization: `Bearer ${API_KEY}`,
      },
      JSON.stringify({ cmd: "x" }),
    );
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toBe("text/event-stream");
    expect(parseSse(stream.text).map((e) => e.event)).toEqual(["chunk", "done"]);

    const tooBig = await request(
      { ":path": "/v1/sessions", ":method": "POST", authorization: `Bearer ${API_KEY}` },
      "x".repeat(5000),
    );
    expect(tooBig.status).toBe(413);
  });
});
