import { createClient } from "@connectrpc/connect";
import { compressionGzip, createGrpcTransport } from "@connectrpc/connect-node";
import { ExecService } from "../../gen/sandkasten/v1/exec_pb.js";
import { describe, expect, test } from "../support/fixtures.js";

/**
 * Answers go out uncompressed (gzip of command output costs the daemon more
 * than it saves), while compressed requests are still read.
 */
describe("compression", () => {
  test("a gzip-compressed gRPC request is read", async ({ daemon, session }) => {
    const exec = createClient(
      ExecService,
      createGrpcTransport({
        baseUrl: daemon.url,
        sendCompression: compressionGzip,
        compressMinBytes: 1,
        acceptCompression: [compressionGzip],
        interceptors: [
          (next) => async (req) => {
            req.header.set("authorization", `Bearer ${daemon.apiKey}`);
            return next(req);
          },
        ],
      }),
    );
    const cmd = `printf '%s' "${"compressible ".repeat(200)}" | wc -c`;
    const result = await exec.exec({ sessionId: session.id, cmd });
    expect(result.output).toBe("2600\n");
  });

  test("a large answer is not gzipped though the client accepts it", async ({
    daemon,
    session,
  }) => {
    const res = await fetch(`${daemon.url}/sandkasten.v1.ExecService/Exec`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${daemon.apiKey}`,
        "content-type": "application/json",
        "accept-encoding": "gzip",
      },
      body: JSON.stringify({ sessionId: session.id, cmd: "head -c 100000 /dev/zero | tr '\\0' a" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(((await res.json()) as { output: string }).output).toHaveLength(100_000);
  });
});
