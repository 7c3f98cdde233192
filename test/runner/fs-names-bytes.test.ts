import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
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

// Names are bytes: a name that is not valid UTF-8 is listed (text with
// U+FFFD, exact bytes beside it) and reached with path_bytes.

const bad = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "caf" + latin-1 é: not UTF-8
const bytesIn = (dir: string, name: Buffer) => Buffer.concat([Buffer.from(`${dir}/`), name]);

describe("FsService with names that are not UTF-8", () => {
  let h: FsHarness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.cleanup());

  it("ListDir lists them with name_bytes and path_bytes; UTF-8 names carry no bytes", async () => {
    writeFileSync(bytesIn(h.ws, bad), "latin");
    writeFileSync(join(h.ws, "plain.txt"), "ok");
    writeFileSync(join(h.ws, "äöü"), "utf8");
    const res = await h.client.listDir({ path: "" });
    expect(res.truncated).toBe(false);
    expect(res.entries.map((e) => e.name)).toEqual(["caf\uFFFD", "plain.txt", "äöü"]);
    const [latin, plain, umlauts] = res.entries;
    expect(Buffer.from(latin?.nameBytes ?? []).equals(bad)).toBe(true);
    expect(Buffer.from(latin?.pathBytes ?? []).equals(bytesIn(h.ws, bad))).toBe(true);
    expect(latin).toMatchObject({ path: join(h.ws, "caf\uFFFD"), size: 5n });
    expect(plain?.nameBytes).toHaveLength(0);
    expect(umlauts?.nameBytes).toHaveLength(0);
    expect(umlauts?.pathBytes).toHaveLength(0);
  });

  it("every operation reaches them through path_bytes", async () => {
    const file = bytesIn(h.ws, bad);
    const written = await h.client.writeFile({ pathBytes: file, content: Buffer.from("v1") });
    expect(written.path).toBe(join(h.ws, "caf\uFFFD"));
    expect(readFileSync(file, "utf8")).toBe("v1");
    const read = await h.client.readFile({ pathBytes: file });
    expect(Buffer.from(read.content).toString()).toBe("v1");
    const stat = await h.client.stat({ pathBytes: file });
    expect(Buffer.from(stat.info?.nameBytes ?? []).equals(bad)).toBe(true);
    const down = Buffer.concat(await collect(h.client.download({ pathBytes: file })));
    expect(down.toString()).toBe("v1");
    await h.client.upload(streamOf({ pathBytes: file, data: Buffer.from("v2") }));
    expect(readFileSync(file, "utf8")).toBe("v2");

    const dir = bytesIn(h.ws, Buffer.concat([bad, Buffer.from(".d")]));
    const sub = Buffer.concat([dir, Buffer.from("/sub")]);
    const made = await h.client.makeDir({ pathBytes: sub, parents: true });
    expect(made.path).toBe(join(h.ws, "caf\uFFFD.d/sub"));
    const inner = await h.client.listDir({ pathBytes: dir });
    expect(inner.entries.map((e) => e.name)).toEqual(["sub"]);
    await h.client.remove({ pathBytes: file });
    await h.client.remove({ pathBytes: dir, recursive: true });
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(h.ws)).toEqual([]);
  });

  it("a directory whose name is not UTF-8 is listed, and its entries carry path_bytes", async () => {
    const dir = bytesIn(h.ws, bad);
    mkdirSync(dir);
    writeFileSync(Buffer.concat([dir, Buffer.from("/inner.txt")]), "x");
    const res = await h.client.listDir({ pathBytes: dir });
    expect(res.entries.map((e) => e.name)).toEqual(["inner.txt"]);
    expect(res.entries[0]?.nameBytes).toHaveLength(0);
    expect(
      Buffer.from(res.entries[0]?.pathBytes ?? []).equals(
        Buffer.concat([dir, Buffer.from("/inner.txt")]),
      ),
    ).toBe(true);
  });

  it("refuses path and path_bytes together, and a NUL in path_bytes", async () => {
    writeFileSync(join(h.ws, "a"), "a");
    await expectConnectError(
      h.client.readFile({ path: "a", pathBytes: Buffer.from("a") }),
      Code.InvalidArgument,
      "give path or path_bytes, not both",
    );
    await expectConnectError(
      h.client.writeFile({ pathBytes: Buffer.from("a\0b"), content: Buffer.from("x") }),
      Code.InvalidArgument,
      /NUL byte/,
    );
    expect(readdirSync(h.ws)).toEqual(["a"]);
  });

  it("byte paths resolve like text paths: '..' lexically, links followed inside the container", async () => {
    mkdirSync(join(h.root, "elsewhere"));
    symlinkSync(join(h.root, "elsewhere"), bytesIn(h.ws, bad));
    await h.client.writeFile({
      pathBytes: Buffer.concat([bad, Buffer.from("/through-link")]),
      content: Buffer.from("l"),
    });
    expect(readFileSync(join(h.root, "elsewhere/through-link"), "utf8")).toBe("l");
    const up = await h.client.writeFile({
      pathBytes: Buffer.concat([Buffer.from("../"), bad]),
      content: Buffer.from("u"),
    });
    expect(up.path).toBe(join(h.root, "caf\uFFFD"));
    expect(readFileSync(bytesIn(h.root, bad), "utf8")).toBe("u");
  });
});
