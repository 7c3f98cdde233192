import { chmodSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Timestamp, timestampMs } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, expectConnectError, type FsHarness } from "./fs-harness.js";

describe("FsService.ListDir", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness({ maxListEntries: 5 });
  });
  afterEach(() => h.cleanup());

  it("lists entries sorted by name with lstat-based info", async () => {
    mkdirSync(join(h.ws, "b-dir"));
    writeFileSync(join(h.ws, "c.txt"), "12345");
    chmodSync(join(h.ws, "c.txt"), 0o640);
    utimesSync(join(h.ws, "c.txt"), 1_700_000_000, 1_700_000_000.25);
    symlinkSync("b-dir", join(h.ws, "a-link"));
    writeFileSync(join(h.ws, "B-upper"), "");

    const res = await h.client.listDir({ path: "." });
    expect(res.path).toBe(h.ws);
    expect(res.truncated).toBe(false);
    expect(res.entries.map((e) => e.name)).toEqual(["B-upper", "a-link", "b-dir", "c.txt"]);

    const [, link, dir, file] = res.entries;
    expect(link).toMatchObject({
      path: join(h.ws, "a-link"),
      isSymlink: true,
      isDir: false,
      size: BigInt("b-dir".length),
    });
    expect(dir).toMatchObject({ path: join(h.ws, "b-dir"), isDir: true, isSymlink: false });
    expect(file).toMatchObject({
      name: "c.txt",
      path: join(h.ws, "c.txt"),
      isDir: false,
      isSymlink: false,
      size: 5n,
      mode: 0o640,
    });
    expect(file?.modifiedAt?.seconds).toBe(1_700_000_000n);
    expect(file?.modifiedAt?.nanos).toBe(250_000_000);
  });

  it("reports modification times close to now for fresh files", async () => {
    writeFileSync(join(h.ws, "now"), "");
    const res = await h.client.listDir({ path: "" });
    const modifiedAt = res.entries[0]?.modifiedAt;
    expect(modifiedAt).toBeDefined();
    expect(Math.abs(timestampMs(modifiedAt as Timestamp) - Date.now())).toBeLessThan(60_000);
  });

  it("caps the listing at maxListEntries and sets truncated", async () => {
    for (const n of [8, 3, 6, 1, 7, 2, 5, 4]) {
      writeFileSync(join(h.ws, `f${n}`), "");
    }
    const res = await h.client.listDir({ path: h.ws });
    expect(res.entries.map((e) => e.name)).toEqual(["f1", "f2", "f3", "f4", "f5"]);
    expect(res.truncated).toBe(true);

    for (const n of [6, 7, 8]) {
      rmSync(join(h.ws, `f${n}`));
    }
    const exact = await h.client.listDir({ path: h.ws });
    expect(exact.entries).toHaveLength(5);
    expect(exact.truncated).toBe(false);
  });

  it("follows a symlink to a directory being listed", async () => {
    mkdirSync(join(h.ws, "real"));
    writeFileSync(join(h.ws, "real/inside"), "");
    symlinkSync("real", join(h.ws, "alias"));
    const res = await h.client.listDir({ path: "alias" });
    expect(res.path).toBe(join(h.ws, "alias"));
    expect(res.entries.map((e) => e.path)).toEqual([join(h.ws, "alias/inside")]);
  });

  it("maps a missing directory to NotFound and a file to FailedPrecondition", async () => {
    await expectConnectError(
      h.client.listDir({ path: "missing" }),
      Code.NotFound,
      `no such file or directory: ${join(h.ws, "missing")}`,
    );
    writeFileSync(join(h.ws, "file"), "");
    await expectConnectError(
      h.client.listDir({ path: "file" }),
      Code.FailedPrecondition,
      `not a directory: ${join(h.ws, "file")}`,
    );
  });
});

describe("FsService.Stat", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it("describes a file, a directory and a symlink itself", async () => {
    mkdirSync(join(h.ws, "dir"));
    writeFileSync(join(h.ws, "dir/file.bin"), Buffer.alloc(1234));
    symlinkSync("dir", join(h.ws, "link"));

    const file = await h.client.stat({ path: "dir/file.bin" });
    expect(file.info).toMatchObject({
      name: "file.bin",
      path: join(h.ws, "dir/file.bin"),
      isDir: false,
      isSymlink: false,
      size: 1234n,
    });
    const dir = await h.client.stat({ path: "dir" });
    expect(dir.info).toMatchObject({ name: "dir", isDir: true, isSymlink: false });
    const link = await h.client.stat({ path: "link" });
    expect(link.info).toMatchObject({ name: "link", isDir: false, isSymlink: true });
  });

  it("maps a missing path to NotFound", async () => {
    await expectConnectError(
      h.client.stat({ path: "nope" }),
      Code.NotFound,
      `no such file or directory: ${join(h.ws, "nope")}`,
    );
  });
});
