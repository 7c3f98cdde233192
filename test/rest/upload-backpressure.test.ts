import http from "node:http";
import { Readable } from "node:stream";
import type { HandlerContext } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UploadRequest } from "../../gen/sandkasten/v1/fs_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import type { RestHarness } from "./rest-harness.js";
import { auth, startRest, waitFor } from "./rest-harness.js";

const MiB = 1024 * 1024;
const FILE_BYTES = 64 * MiB;
const boundary = "----upload-backpressure";

describe("multipart upload flow control", () => {
  let rest: RestHarness;
  let consumed = 0;
  let release: () => void = () => {};
  let aborted = false;
  let completed = 0;

  beforeAll(async () => {
    rest = await startRest(
      (router) => {
        router.service(FsService, {
          async upload(requests: AsyncIterable<UploadRequest>, context: HandlerContext) {
            context.signal.addEventListener("abort", () => {
              aborted = true;
            });
            const gate = new Promise<void>((resolve) => {
              release = resolve;
            });
            let path = "";
            for await (const req of requests) {
              path ||= req.path;
              consumed += req.data.length;
              // A slow store: it takes the first MiB, then waits to be released.
              if (consumed >= MiB) await gate;
            }
            completed++;
            return { path, size: BigInt(consumed) };
          },
        });
      },
      { maxUploadBytes: 2 * FILE_BYTES },
    );
  });
  afterAll(() => rest.close());

  // A request body produced on demand, counting what the client was asked for.
  function uploadBody(counter: { produced: number }): Readable {
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const piece = Buffer.alloc(256 * 1024, 1);
    let sent = 0;
    return new Readable({
      read() {
        if (counter.produced === 0) this.push(head);
        if (sent < FILE_BYTES) {
          sent += piece.length;
          counter.produced += piece.length;
          this.push(piece);
        } else {
          this.push(tail);
          this.push(null);
        }
      },
    });
  }

  function startUpload(counter: { produced: number }) {
    const req = http.request({
      host: "127.0.0.1",
      port: rest.port,
      method: "POST",
      path: "/v1/sessions/s1/fs/upload",
      headers: { ...auth, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on("response", (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
    });
    uploadBody(counter).pipe(req);
    return { req, response };
  }

  it("reads the request no faster than the upload call takes it", async () => {
    consumed = 0;
    const counter = { produced: 0 };
    const { response } = startUpload(counter);
    await waitFor(() => consumed >= MiB);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Socket buffers hold a few MiB; the gateway itself must hold back.
    expect(counter.produced).toBeLessThan(16 * MiB);
    release();
    const { status, body } = await response;
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ ok: true, paths: ["/workspace/big.bin"] });
    expect(consumed).toBe(FILE_BYTES);
  });

  it("aborts the upload call when the client goes away", async () => {
    consumed = 0;
    aborted = false;
    const before = completed;
    const { req, response } = startUpload({ produced: 0 });
    response.catch(() => {});
    await waitFor(() => consumed >= MiB);
    req.destroy();
    // The gateway notices the closed connection once it reads from it again,
    // that is once the store takes more data.
    release();
    await waitFor(() => aborted);
    expect(completed).toBe(before);
  });
});
