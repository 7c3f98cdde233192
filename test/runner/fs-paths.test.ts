import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  collect,
  createHarness,
  expectConnectError,
  type FsHarness,
  streamOf,
} from "./fs-harness.js";

const enc = new TextEncoder();

describe("FsService paths", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it("resolves relative paths against the workspace and reports them absolute", async () => {
    const res = await h.client.writeFile({ path: "a.txt", content: enc.encode("hi") });
    expect(res.path).toBe(join(h.ws, "a.txt"));
    expect(readFileSync(join(h.ws, "a.txt"), "utf8")).toBe("hi");
    const read = await h.client.readFile({ path: "a.txt" });
    expect(read.path).toBe(join(h.ws, "a.txt"));
  });

  it("keeps absolute paths as they are, even outside the workspace", async () => {
    const outside = join(h.root, "outside.txt");
    const res = await h.client.writeFile({ path: outside, content: enc.encode("x") });
    expect(res.path).toBe(outside);
    expect(readFileSync(outside, "utf8")).toBe("x");
  });

  it("normalizes '..', '.' and duplicate slashes lexically", async () => {
    const res = await h.client.writeFile({ path: "sub/.././/b.txt", content: enc.encode("b") });
    expect(res.path).toBe(join(h.ws, "b.txt"));
    expect(existsSync(join(h.ws, "sub"))).toBe(false);

    const up = await h.client.writeFile({ path: "../up.txt", content: enc.encode("u") });
    expect(up.path).toBe(join(h.root, "up.txt"));

    const abs = await h.client.stat({ path: `${h.ws}/x/../b.txt/` });
    expect(abs.info?.path).toBe(join(h.ws, "b.txt"));

    const root = await h.client.stat({ path: "/../../.." });
    expect(root.info?.path).toBe("/");
  });

  it("rejects a NUL byte in a path with InvalidArgument naming the path", async () => {
    writeFileSync(join(h.ws, "a"), "a");
    const path = "a\0b";
    const msg = /NUL byte: "a\\u0000b"/;
    await expectConnectError(h.client.readFile({ path }), Code.InvalidArgument, msg);
    await expectConnectError(
      h.client.writeFile({ path, content: new Uint8Array() }),
      Code.InvalidArgument,
      msg,
    );
    await expectConnectError(h.client.listDir({ path }), Code.InvalidArgument, msg);
    await expectConnectError(h.client.stat({ path }), Code.InvalidArgument, msg);
    await expectConnectError(h.client.remove({ path }), Code.InvalidArgument, msg);
    await expectConnectError(h.client.makeDir({ path }), Code.InvalidArgument, msg);
    await expectConnectError(collect(h.client.download({ path })), Code.InvalidArgument, msg);
    await expectConnectError(
      h.client.upload(streamOf({ path, data: enc.encode("x") })),
      Code.InvalidArgument,
      msg,
    );
    expect(existsSync(join(h.ws, "a"))).toBe(true);
  });

  it("rejects an empty path with InvalidArgument, except for ListDir", async () => {
    const msg = "path is empty";
    await expectConnectError(h.client.readFile({ path: "" }), Code.InvalidArgument, msg);
    await expectConnectError(
      h.client.writeFile({ path: "", content: new Uint8Array() }),
      Code.InvalidArgument,
      msg,
    );
    await expectConnectError(h.client.stat({ path: "" }), Code.InvalidArgument, msg);
    await expectConnectError(h.client.remove({ path: "" }), Code.InvalidArgument, msg);
    await expectConnectError(h.client.makeDir({ path: "" }), Code.InvalidArgument, msg);
    await expectConnectError(collect(h.client.download({ path: "" })), Code.InvalidArgument, msg);

    writeFileSync(join(h.ws, "listed"), "");
    const list = await h.client.listDir({ path: "" });
    expect(list.path).toBe(h.ws);
    expect(list.entries.map((e) => e.name)).toEqual(["listed"]);
  });
});
