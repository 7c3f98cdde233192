import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import http2 from "node:http2";
import {
  create,
  type DescMessage,
  fromBinary,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import {
  ExecRequestSchema,
  type ExecResponse,
  ExecResponseSchema,
  ExecStreamRequestSchema,
  type ExecStreamResponse,
  ExecStreamResponseSchema,
} from "../../gen/sandkasten/v1/exec_pb.js";
import { UploadRequestSchema, UploadResponseSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { clientsFor, type Protocol } from "../support/clients.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * One port serves gRPC (HTTP/2 cleartext), Connect and gRPC-Web (HTTP/1.1)
 * and REST: the same calls through each give the same answers, streams
 * stream, and an independent gRPC implementation (@grpc/grpc-js) agrees.
 */

const CMD = "cd /tmp && printf 'a\\nb\\n' && echo err >&2 && (exit 3)";
const STREAM_CMD = "for i in 1 2 3; do echo tick-$i; sleep 0.3; done";
const CONNECT_PROTOCOLS: Protocol[] = ["grpc", "connect", "grpc-web"];

const serializer =
  <D extends DescMessage>(schema: D) =>
  (message: MessageShape<D>) =>
    Buffer.from(toBinary(schema, message));
const deserializer =
  <D extends DescMessage>(schema: D) =>
  (bytes: Buffer) =>
    fromBinary(schema, bytes);

function grpcJsClient(d: TestDaemon): { client: grpc.Client; metadata: grpc.Metadata } {
  const client = new grpc.Client(d.daemon.address, grpc.credentials.createInsecure());
  const metadata = new grpc.Metadata();
  metadata.set("authorization", `Bearer ${d.apiKey}`);
  return { client, metadata };
}

function grpcJsExec(d: TestDaemon, sessionId: string, cmd: string): Promise<ExecResponse> {
  const { client, metadata } = grpcJsClient(d);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      "/sandkasten.v1.ExecService/Exec",
      serializer(ExecRequestSchema),
      deserializer(ExecResponseSchema),
      create(ExecRequestSchema, { sessionId, cmd }),
      metadata,
      (err, res) => {
        client.close();
        if (err || !res) reject(err ?? new Error("no answer"));
        else resolve(res);
      },
    );
  });
}

/** Events of a stream with the time each arrived. */
interface Timed {
  at: number;
  event: ExecStreamResponse;
}

function grpcJsExecStream(d: TestDaemon, sessionId: string, cmd: string): Promise<Timed[]> {
  const { client, metadata } = grpcJsClient(d);
  const call = client.makeServerStreamRequest(
    "/sandkasten.v1.ExecService/ExecStream",
    serializer(ExecStreamRequestSchema),
    deserializer(ExecStreamResponseSchema),
    create(ExecStreamRequestSchema, { sessionId, cmd }),
    metadata,
  );
  const events: Timed[] = [];
  return new Promise((resolve, reject) => {
    call.on("data", (event: ExecStreamResponse) => events.push({ at: Date.now(), event }));
    call.on("error", (err) => {
      client.close();
      reject(err);
    });
    call.on("end", () => {
      client.close();
      resolve(events);
    });
  });
}

/** Checks that output arrived while the command still ran: the first tick long before the end. */
function expectStreamed(events: Timed[]): void {
  const kinds = events.map((e) => e.event.event.case);
  expect(kinds[0]).toBe("started");
  expect(kinds.at(-1)).toBe("ended");
  const output = events
    .filter((e) => e.event.event.case === "output")
    .map((e) => Buffer.from((e.event.event.value as { data: Uint8Array }).data).toString())
    .join("");
  expect(output).toBe("tick-1\ntick-2\ntick-3\n");
  const firstOutput = events.find((e) => e.event.event.case === "output");
  const ended = events.at(-1);
  expect((ended?.at ?? 0) - (firstOutput?.at ?? 0)).toBeGreaterThanOrEqual(450);
}

describe("the same calls over every protocol on one port", () => {
  test("a unary exec answers the same over gRPC, Connect, gRPC-Web and @grpc/grpc-js", async ({
    daemon,
    session,
  }) => {
    const answers: Record<string, unknown> = {};
    for (const protocol of CONNECT_PROTOCOLS) {
      const api = clientsFor(daemon, protocol);
      await api.exec.exec({ sessionId: session.id, cmd: "cd /workspace" });
      const r = await api.exec.exec({ sessionId: session.id, cmd: CMD });
      answers[protocol] = {
        exitCode: r.exitCode,
        cwd: r.cwd,
        output: r.output,
        truncated: r.truncated,
      };
    }
    await clientsFor(daemon).exec.exec({ sessionId: session.id, cmd: "cd /workspace" });
    const r = await grpcJsExec(daemon, session.id, CMD);
    answers["grpc-js"] = {
      exitCode: r.exitCode,
      cwd: r.cwd,
      output: r.output,
      truncated: r.truncated,
    };
    const expected = { exitCode: 3, cwd: "/tmp", output: "a\nb\nerr\n", truncated: false };
    expect(answers).toEqual({
      grpc: expected,
      connect: expected,
      "grpc-web": expected,
      "grpc-js": expected,
    });
  });

  for (const protocol of CONNECT_PROTOCOLS) {
    test(`ExecStream streams over ${protocol}`, async ({ daemon, session }) => {
      const api = clientsFor(daemon, protocol);
      const events: Timed[] = [];
      for await (const event of api.exec.execStream({
        sessionId: session.id,
        cmd: STREAM_CMD,
        combineOutput: true,
      })) {
        events.push({ at: Date.now(), event });
      }
      expectStreamed(events);
    });
  }

  test("ExecStream streams to @grpc/grpc-js", async ({ daemon, session }) => {
    expectStreamed(await grpcJsExecStream(daemon, session.id, STREAM_CMD));
  });

  test("Download streams over every protocol, byte-exact", async ({ daemon, api, session }) => {
    await run(api, session.id, "head -c 1500000 /dev/urandom > /tmp/d.bin");
    const expected = (
      await run(api, session.id, "sha256sum /tmp/d.bin | cut -d' ' -f1")
    ).output.trim();
    for (const protocol of CONNECT_PROTOCOLS) {
      const hash = createHash("sha256");
      let chunks = 0;
      for await (const c of clientsFor(daemon, protocol).fs.download({
        sessionId: session.id,
        path: "/tmp/d.bin",
      })) {
        hash.update(c.data);
        chunks++;
      }
      expect(hash.digest("hex"), protocol).toBe(expected);
      expect(chunks, protocol).toBeGreaterThan(1);
    }
  });

  test("client-streaming Upload works over gRPC and @grpc/grpc-js", async ({
    daemon,
    api,
    session,
  }) => {
    const data = randomBytes(300_000);
    const messages = async function* () {
      yield { sessionId: session.id, path: "via-grpc.bin" };
      for (let at = 0; at < data.length; at += 50_000)
        yield { data: data.subarray(at, at + 50_000) };
    };
    expect((await clientsFor(daemon, "grpc").fs.upload(messages())).size).toBe(BigInt(data.length));

    const { client, metadata } = grpcJsClient(daemon);
    const answer = await new Promise<{ size: bigint }>((resolve, reject) => {
      const call = client.makeClientStreamRequest(
        "/sandkasten.v1.FsService/Upload",
        serializer(UploadRequestSchema),
        deserializer(UploadResponseSchema),
        metadata,
        (err, res) => {
          client.close();
          if (err || !res) reject(err ?? new Error("no answer"));
          else resolve(res);
        },
      );
      call.write(create(UploadRequestSchema, { sessionId: session.id, path: "via-grpc-js.bin" }));
      for (let at = 0; at < data.length; at += 50_000) {
        call.write(create(UploadRequestSchema, { data: data.subarray(at, at + 50_000) }));
      }
      call.end();
    });
    expect(answer.size).toBe(BigInt(data.length));
    const sums = await run(
      api,
      session.id,
      "sha256sum via-grpc.bin via-grpc-js.bin | cut -d' ' -f1",
    );
    const sum = createHash("sha256").update(data).digest("hex");
    expect(sums.output).toBe(`${sum}\n${sum}\n`);
  });

  test("@grpc/grpc-js sees the daemon's status codes (unauthenticated, invalid argument)", async ({
    daemon,
    session,
  }) => {
    const client = new grpc.Client(daemon.daemon.address, grpc.credentials.createInsecure());
    const call = (metadata: grpc.Metadata, cmd: string) =>
      new Promise<grpc.ServiceError>((resolve, reject) => {
        client.makeUnaryRequest(
          "/sandkasten.v1.ExecService/Exec",
          serializer(ExecRequestSchema),
          deserializer(ExecResponseSchema),
          create(ExecRequestSchema, { sessionId: session.id, cmd }),
          metadata,
          (err) => (err ? resolve(err) : reject(new Error("expected a failure"))),
        );
      });
    try {
      expect((await call(new grpc.Metadata(), "echo hi")).code).toBe(grpc.status.UNAUTHENTICATED);
      const withKey = new grpc.Metadata();
      withKey.set("authorization", `Bearer ${daemon.apiKey}`);
      const invalid = await call(withKey, "");
      expect(invalid.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(invalid.details).toMatch(/cmd/);
    } finally {
      client.close();
    }
  });
});

describe("HTTP/1.1 and HTTP/2 on one port", () => {
  test("a plain HTTP/1.1 GET of /healthz and an h2c GET of it both answer 200", async ({
    daemon,
  }) => {
    const port = Number(daemon.daemon.address.split(":").at(-1));
    const h1 = await new Promise<{ status: number; version: string; body: string }>(
      (resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (res) => {
            let body = "";
            res.on("data", (c) => {
              body += c;
            });
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, version: res.httpVersion, body }),
            );
          })
          .on("error", reject);
      },
    );
    expect(h1).toEqual({ status: 200, version: "1.1", body: '{"status":"ok"}' });

    const session = http2.connect(daemon.url);
    try {
      const h2 = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = session.request({ ":path": "/healthz", ":method": "GET" });
        let status = 0;
        let body = "";
        req.on("response", (headers) => {
          status = Number(headers[":status"]);
        });
        req.on("data", (c) => {
          body += c;
        });
        req.on("end", () => resolve({ status, body }));
        req.on("error", reject);
        req.end();
      });
      expect(h2).toEqual({ status: 200, body: '{"status":"ok"}' });
    } finally {
      session.close();
    }
  });

  test("REST answers over h2c too", async ({ daemon, session }) => {
    const h2 = http2.connect(daemon.url);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = h2.request({
          ":path": `/v1/sessions/${session.id}`,
          ":method": "GET",
          authorization: `Bearer ${daemon.apiKey}`,
        });
        let text = "";
        req.on("data", (c) => {
          text += c;
        });
        req.on("end", () => resolve(text));
        req.on("error", reject);
        req.end();
      });
      expect(JSON.parse(body)).toMatchObject({ id: session.id, status: "running" });
    } finally {
      h2.close();
    }
  });
});
