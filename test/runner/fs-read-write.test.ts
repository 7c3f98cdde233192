import { execFileSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, expectConnectError, type FsHarness, tempFilesIn } from "./fs-harness.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

describe("FsService.ReadFile", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness({ maxReadBytes: 1000 });
  });
  afterEach(() => h.cleanup());

  it("returns the whole content, its size and the absolute path", async () => {
    writeFileSync(join(h.ws, "f.txt"), "hello world");
    const res = await h.client.readFile({ path: "f.txt" });
    expect(dec.decode(res.content)).toBe("hello world");
    expect(res.size).toBe(11n);
    expect(res.truncated).toBe(false);
    expect(res.path).toBe(join(h.ws, "f.txt"));
  });

  it("reads an empty file", async () => {
    writeFileSync(join(h.ws, "empty"), "");
    const res = await h.client.readFile({ path: "empty" });
    expect(res.content.length).toBe(0);
    expect(res.size).toBe(0n);
    expect(res.truncated).toBe(false);
  });

  it("truncates at max_bytes and still reports the full size", async () => {
    writeFileSync(join(h.ws, "f.txt"), "0123456789");
    const res = await h.client.readFile({ path: "f.txt", maxBytes: 4n });
    expect(dec.decode(res.content)).toBe("0123");
    expect(res.truncated).toBe(true);
    expect(res.size).toBe(10n);

    const exact = await h.client.readFile({ path: "f.txt", maxBytes: 10n });
    expect(dec.decode(exact.content)).toBe("0123456789");
    expect(exact.truncated).toBe(false);
  });

  it("uses maxReadBytes for max_bytes 0 and clamps larger values to it", async () => {
    const data = Buffer.alloc(3000, 7);
    writeFileSync(join(h.ws, "big"), data);
    for (const maxBytes of [0n, 5000n, 1n << 40n]) {
      const res = await h.client.readFile({ path: "big", maxBytes });
      expect(res.content.length).toBe(1000);
      expect(res.truncated).toBe(true);
      expect(res.size).toBe(3000n);
    }
  });

  it("reads files whose size stat reports as zero", async () => {
    const res = await h.client.readFile({ path: "/proc/self/status", maxBytes: 10n });
    expect(res.content.length).toBe(10);
    expect(res.truncated).toBe(true);
  });

  it("maps a missing file to NotFound naming the path", async () => {
    await expectConnectError(
      h.client.readFile({ path: "nope.txt" }),
      Code.NotFound,
      `no such file or directory: ${join(h.ws, "nope.txt")}`,
    );
  });

  it("refuses a directory with FailedPrecondition", async () => {
    mkdirSync(join(h.ws, "d"));
    await expectConnectError(
      h.client.readFile({ path: "d" }),
      Code.FailedPrecondition,
      `is a directory: ${join(h.ws, "d")}`,
    );
  });

  it("refuses a FIFO without blocking", async () => {
    execFileSync("mkfifo", [join(h.ws, "fifo")]);
    await expectConnectError(
      h.client.readFile({ path: "fifo" }),
      Code.FailedPrecondition,
      `not a regular file: ${join(h.ws, "fifo")}`,
    );
  });

  it("maps a path through a regular file to FailedPrecondition", async () => {
    writeFileSync(join(h.ws, "file"), "x");
    await expectConnectError(
      h.client.readFile({ path: "file/inner" }),
      Code.FailedPrecondition,
      `not a directory: ${join(h.ws, "file/inner")}`,
    );
  });

  it("follows symlinks", async () => {
    writeFileSync(join(h.ws, "target"), "via link");
    symlinkSync("target", join(h.ws, "link"));
    const res = await h.client.readFile({ path: "link" });
    expect(dec.decode(res.content)).toBe("via link");
  });

  it("maps a symlink loop to FailedPrecondition (the file system's state, as wsfs says)", async () => {
    symlinkSync("b", join(h.ws, "a"));
    symlinkSync("a", join(h.ws, "b"));
    await expectConnectError(
      h.client.readFile({ path: "a" }),
      Code.FailedPrecondition,
      `too many levels of symbolic links: ${join(h.ws, "a")}`,
    );
  });

  it("maps an over-long name to InvalidArgument", async () => {
    const path = join(h.ws, "n".repeat(300));
    await expectConnectError(
      h.client.readFile({ path }),
      Code.InvalidArgument,
      `file name too long: ${path}`,
    );
  });
});

describe("FsService.WriteFile", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it("writes the content and returns the absolute path and size", async () => {
    const res = await h.client.writeFile({ path: "out.txt", content: enc.encode("data!") });
    expect(res).toMatchObject({ path: join(h.ws, "out.txt"), size: 5n });
    expect(readFileSync(join(h.ws, "out.txt"), "utf8")).toBe("data!");
    expect(statSync(join(h.ws, "out.txt")).mode & 0o7777).toBe(0o644);
    expect(tempFilesIn(h.ws)).toEqual([]);
  });

  it("writes an empty file", async () => {
    const res = await h.client.writeFile({ path: "empty", content: new Uint8Array() });
    expect(res.size).toBe(0n);
    expect(readFileSync(join(h.ws, "empty")).length).toBe(0);
  });

  it("creates missing parent directories with mode 0755", async () => {
    mkdirSync(join(h.root, "reference"), { mode: 0o755 });
    const expectedDirMode = statSync(join(h.root, "reference")).mode & 0o7777;
    const res = await h.client.writeFile({ path: "a/b/c/f.txt", content: enc.encode("deep") });
    expect(res.path).toBe(join(h.ws, "a/b/c/f.txt"));
    expect(readFileSync(join(h.ws, "a/b/c/f.txt"), "utf8")).toBe("deep");
    for (const dir of ["a", "a/b", "a/b/c"]) {
      expect(statSync(join(h.ws, dir)).mode & 0o7777).toBe(expectedDirMode);
    }
  });

  it("applies mode to a new file and keeps an existing file's mode", async () => {
    await h.client.writeFile({
      path: "script.sh",
      content: enc.encode("#!/bin/sh\n"),
      mode: 0o755,
    });
    expect(statSync(join(h.ws, "script.sh")).mode & 0o7777).toBe(0o755);
    await h.client.writeFile({ path: "secret", content: enc.encode("s"), mode: 0o600 });
    expect(statSync(join(h.ws, "secret")).mode & 0o7777).toBe(0o600);

    chmodSync(join(h.ws, "secret"), 0o640);
    await h.client.writeFile({ path: "secret", content: enc.encode("t"), mode: 0o600 });
    expect(statSync(join(h.ws, "secret")).mode & 0o7777).toBe(0o640);
    expect(readFileSync(join(h.ws, "secret"), "utf8")).toBe("t");
  });

  it("replaces atomically: an open reader keeps the old content, no temp file is left", async () => {
    const path = join(h.ws, "f.txt");
    writeFileSync(path, "old content");
    const fd = openSync(path, "r");
    try {
      await h.client.writeFile({ path: "f.txt", content: enc.encode("new") });
      const buf = Buffer.alloc(64);
      const n = readSync(fd, buf, 0, 64, 0);
      expect(buf.subarray(0, n).toString()).toBe("old content");
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(tempFilesIn(h.ws)).toEqual([]);
  });

  it("writes through a symlink to its target and keeps the link", async () => {
    writeFileSync(join(h.ws, "target"), "old");
    symlinkSync("target", join(h.ws, "link"));
    symlinkSync("missing", join(h.ws, "dangling"));
    const res = await h.client.writeFile({ path: "link", content: enc.encode("new") });
    expect(res.path).toBe(join(h.ws, "link"));
    expect(lstatSync(join(h.ws, "link")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(h.ws, "link"))).toBe("target");
    expect(readFileSync(join(h.ws, "target"), "utf8")).toBe("new");

    await h.client.writeFile({ path: "dangling", content: enc.encode("created") });
    expect(lstatSync(join(h.ws, "dangling")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(h.ws, "missing"), "utf8")).toBe("created");
    expect(tempFilesIn(h.ws)).toEqual([]);
  });

  it("refuses to write onto a directory with FailedPrecondition", async () => {
    mkdirSync(join(h.ws, "d"));
    await expectConnectError(
      h.client.writeFile({ path: "d", content: enc.encode("x") }),
      Code.FailedPrecondition,
      `is a directory: ${join(h.ws, "d")}`,
    );
    expect(statSync(join(h.ws, "d")).isDirectory()).toBe(true);
    expect(tempFilesIn(h.ws)).toEqual([]);
  });

  it("maps a regular file in the parent chain to FailedPrecondition", async () => {
    writeFileSync(join(h.ws, "file"), "x");
    await expectConnectError(
      h.client.writeFile({ path: "file/sub/f.txt", content: enc.encode("x") }),
      Code.FailedPrecondition,
      `not a directory: ${join(h.ws, "file/sub/f.txt")}`,
    );
  });
});
