import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { UploadRequestSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import {
  collect,
  createHarness,
  expectConnectError,
  type FsHarness,
  streamOf,
  tempFilesIn,
} from "./fs-harness.js";

type UploadInit = MessageInitShape<typeof UploadRequestSchema>;

async function* chunked(
  path: string,
  data: Uint8Array,
  sizes: number[],
): AsyncGenerator<UploadInit> {
  let offset = 0;
  let i = 0;
  while (offset < data.length) {
    const size = sizes[i++ % sizes.length] ?? 1;
    yield { path: i === 1 ? path : "", data: data.subarray(offset, offset + size) };
    offset += size;
  }
}

function openFdsOn(path: string): number {
  let count = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) count++;
    } catch {}
  }
  return count;
}

describe("FsService.Upload", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness({ maxUploadBytes: 6 << 20 });
  });
  afterEach(() => h.cleanup());

  it("reassembles 5 MiB sent in many odd-sized chunks byte-exact", async () => {
    const data = randomBytes(5 << 20);
    const res = await h.client.upload(chunked("up/load/big.bin", data, [65_537, 1, 300_000, 4096]));
    expect(res.path).toBe(join(h.ws, "up/load/big.bin"));
    expect(res.size).toBe(BigInt(data.length));
    expect(readFileSync(join(h.ws, "up/load/big.bin")).equals(data)).toBe(true);
    expect(tempFilesIn(join(h.ws, "up/load"))).toEqual([]);
  });

  it("accepts a path-only first message and an empty file", async () => {
    const res = await h.client.upload(streamOf({ path: "empty.bin" }));
    expect(res.size).toBe(0n);
    expect(readFileSync(join(h.ws, "empty.bin")).length).toBe(0);
  });

  it("ignores paths after the first message", async () => {
    const res = await h.client.upload(
      streamOf(
        { path: "first.txt", data: Buffer.from("a") },
        { path: "second.txt", data: Buffer.from("b") },
      ),
    );
    expect(res.path).toBe(join(h.ws, "first.txt"));
    expect(readFileSync(join(h.ws, "first.txt"), "utf8")).toBe("ab");
    expect(existsSync(join(h.ws, "second.txt"))).toBe(false);
  });

  it("requires a path in the first message", async () => {
    await expectConnectError(
      h.client.upload(streamOf({ data: Buffer.from("x") }, { path: "late.txt" })),
      Code.InvalidArgument,
      "the first upload message must carry a path",
    );
    await expectConnectError(h.client.upload(streamOf()), Code.InvalidArgument);
    expect(readdirSync(h.ws)).toEqual([]);
  });

  it("enforces maxUploadBytes with ResourceExhausted and leaves nothing behind", async () => {
    writeFileSync(join(h.ws, "existing.bin"), "keep me");
    const data = randomBytes((6 << 20) + 1);
    await expectConnectError(
      h.client.upload(chunked("existing.bin", data, [1 << 20])),
      Code.ResourceExhausted,
      `upload exceeds ${6 << 20} bytes: ${join(h.ws, "existing.bin")}`,
    );
    expect(readFileSync(join(h.ws, "existing.bin"), "utf8")).toBe("keep me");
    expect(tempFilesIn(h.ws)).toEqual([]);
  });

  it("refuses to upload onto a directory", async () => {
    mkdirSync(join(h.ws, "d"));
    await expectConnectError(
      h.client.upload(streamOf({ path: "d", data: Buffer.from("x") })),
      Code.FailedPrecondition,
      `is a directory: ${join(h.ws, "d")}`,
    );
  });

  it("drops the temporary file when the client aborts mid-stream", async () => {
    writeFileSync(join(h.ws, "target.bin"), "old");
    const abort = new AbortController();
    let sent = 0;
    async function* stalled(): AsyncGenerator<UploadInit> {
      yield { path: "target.bin", data: randomBytes(100_000) };
      sent++;
      yield { data: randomBytes(100_000) };
      sent++;
      await sleep(60_000, undefined, { signal: abort.signal }).catch(() => {});
    }
    const call = h.client.upload(stalled(), { signal: abort.signal });
    await vi.waitFor(() => {
      expect(sent).toBe(2);
      expect(tempFilesIn(h.ws)).toHaveLength(1);
    });
    abort.abort();
    await expectConnectError(call, Code.Canceled);
    await vi.waitFor(() => expect(tempFilesIn(h.ws)).toEqual([]));
    expect(readFileSync(join(h.ws, "target.bin"), "utf8")).toBe("old");
    expect(readdirSync(h.ws)).toEqual(["target.bin"]);
  });

  it("drops the temporary file when the client's stream fails", async () => {
    async function* failing(): AsyncGenerator<UploadInit> {
      yield { path: "new.bin", data: randomBytes(1000) };
      throw new Error("client side failure");
    }
    await expect(h.client.upload(failing())).rejects.toThrow();
    await vi.waitFor(() => expect(readdirSync(h.ws)).toEqual([]));
  });
});

describe("FsService.Download", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it("streams 5 MiB byte-exact in several chunks", async () => {
    const data = randomBytes(5 << 20);
    writeFileSync(join(h.ws, "big.bin"), data);
    const chunks = await collect(h.client.download({ path: "big.bin" }));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(openFdsOn(join(h.ws, "big.bin"))).toBe(0);
  });

  it("streams an empty file as no chunks", async () => {
    writeFileSync(join(h.ws, "empty"), "");
    expect(await collect(h.client.download({ path: "empty" }))).toEqual([]);
  });

  it("fails before the first chunk for a missing file or a directory", async () => {
    await expectConnectError(
      collect(h.client.download({ path: "missing.bin" })),
      Code.NotFound,
      `no such file or directory: ${join(h.ws, "missing.bin")}`,
    );
    mkdirSync(join(h.ws, "dir"));
    await expectConnectError(
      collect(h.client.download({ path: "dir" })),
      Code.FailedPrecondition,
      `is a directory: ${join(h.ws, "dir")}`,
    );
  });

  it("stops and closes the file when the client aborts", async () => {
    const path = join(h.ws, "big.bin");
    writeFileSync(path, randomBytes(8 << 20));
    const abort = new AbortController();
    const received: Uint8Array[] = [];
    const consume = async () => {
      for await (const res of h.client.download({ path: "big.bin" }, { signal: abort.signal })) {
        received.push(res.data);
        if (received.length === 2) {
          expect(openFdsOn(path)).toBe(1);
          abort.abort();
        }
      }
    };
    await expectConnectError(consume, Code.Canceled);
    expect(received.length).toBeLessThan(32);
    await vi.waitFor(() => expect(openFdsOn(path)).toBe(0));
  });
});
