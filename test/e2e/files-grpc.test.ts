import { createHash, randomBytes } from "node:crypto";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import type { UploadRequestSchema } from "../../gen/sandkasten/v1/fs_pb.js";
import { expectCode } from "../support/connect-errors.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/**
 * FsService over gRPC (HTTP/2 cleartext) against a real daemon and real
 * containers: every answer is checked against what the shell in the same
 * container sees.
 */

const text = (s: string) => new TextEncoder().encode(s);
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function* chunked(
  sessionId: string,
  path: string,
  data: Uint8Array,
  size: number,
): AsyncGenerator<MessageInitShape<typeof UploadRequestSchema>> {
  yield { sessionId, path };
  for (let at = 0; at < data.length; at += size) yield { data: data.subarray(at, at + size) };
}

describe("WriteFile and ReadFile", () => {
  test("WriteFile creates missing parent directories and the shell sees the exact text", async ({
    api,
    session,
  }) => {
    const content = "line one\nzwei: äöü ß €\n三\n";
    const written = await api.fs.writeFile({
      sessionId: session.id,
      path: "deep/er/still/notes.txt",
      content: text(content),
    });
    expect(written.path).toBe("/workspace/deep/er/still/notes.txt");
    expect(written.size).toBe(BigInt(Buffer.byteLength(content)));
    const shell = await run(
      api,
      session.id,
      "test -d /workspace/deep/er/still && cat /workspace/deep/er/still/notes.txt",
    );
    expect(shell.exitCode).toBe(0);
    expect(shell.output).toBe(content);
    const read = await api.fs.readFile({ sessionId: session.id, path: "deep/er/still/notes.txt" });
    expect(new TextDecoder().decode(read.content)).toBe(content);
    expect(read.truncated).toBe(false);
  });

  test("binary content (every byte value, NULs, invalid UTF-8) round-trips byte-exact", async ({
    api,
    session,
  }) => {
    const bytes = new Uint8Array(4096 + 256);
    for (let i = 0; i < 256; i++) bytes[i] = i;
    bytes.set(randomBytes(4096), 256);
    await api.fs.writeFile({ sessionId: session.id, path: "bin/blob.dat", content: bytes });
    const read = await api.fs.readFile({ sessionId: session.id, path: "bin/blob.dat" });
    expect(Buffer.from(read.content).equals(Buffer.from(bytes))).toBe(true);
    expect(read.size).toBe(BigInt(bytes.length));
    const inside = await run(api, session.id, "sha256sum /workspace/bin/blob.dat | cut -d' ' -f1");
    expect(inside.output.trim()).toBe(sha256(bytes));
  });

  test("ReadFile with max_bytes returns that many bytes, truncated, and the whole size", async ({
    api,
    session,
  }) => {
    await api.fs.writeFile({ sessionId: session.id, path: "ten.txt", content: text("0123456789") });
    const part = await api.fs.readFile({ sessionId: session.id, path: "ten.txt", maxBytes: 4n });
    expect(new TextDecoder().decode(part.content)).toBe("0123");
    expect(part.truncated).toBe(true);
    expect(part.size).toBe(10n);
    const exact = await api.fs.readFile({ sessionId: session.id, path: "ten.txt", maxBytes: 10n });
    expect(exact.truncated).toBe(false);
    expect(new TextDecoder().decode(exact.content)).toBe("0123456789");
  });

  test("WriteFile and ReadFile carry the contract's full 16 MiB; one byte more is InvalidArgument", async ({
    api,
    session,
  }) => {
    const max = 16 * 1024 * 1024;
    const data = randomBytes(max);
    const written = await api.fs.writeFile({
      sessionId: session.id,
      path: "max.bin",
      content: data,
    });
    expect(written.size).toBe(BigInt(max));
    const read = await api.fs.readFile({ sessionId: session.id, path: "max.bin" });
    expect(read.truncated).toBe(false);
    expect(Buffer.from(read.content).equals(data)).toBe(true);
    const tooBig = await expectCode(
      api.fs.writeFile({
        sessionId: session.id,
        path: "over.bin",
        content: new Uint8Array(max + 1),
      }),
      Code.InvalidArgument,
    );
    expect(tooBig.rawMessage).toMatch(/content/);
  });

  test("ReadFile of a missing file is NotFound and of a directory FailedPrecondition", async ({
    api,
    session,
  }) => {
    await expectCode(api.fs.readFile({ sessionId: session.id, path: "nope.txt" }), Code.NotFound);
    await expectCode(
      api.fs.readFile({ sessionId: session.id, path: "/tmp" }),
      Code.FailedPrecondition,
    );
  });
});

describe("ListDir, Stat, Remove, MakeDir", () => {
  test("ListDir lists names, sizes, is_dir and the symlink flag of what the shell made", async ({
    api,
    session,
  }) => {
    await run(
      api,
      session.id,
      "mkdir -p d/sub && printf abc > d/f.txt && ln -s f.txt d/link && ln -s /nowhere d/dangling",
    );
    const listing = await api.fs.listDir({ sessionId: session.id, path: "d" });
    expect(listing.path).toBe("/workspace/d");
    expect(listing.truncated).toBe(false);
    const entry = (name: string) => listing.entries.find((e) => e.name === name);
    expect(listing.entries.map((e) => e.name)).toEqual(["dangling", "f.txt", "link", "sub"]);
    expect(entry("sub")).toMatchObject({
      isDir: true,
      isSymlink: false,
      path: "/workspace/d/sub",
    });
    expect(entry("f.txt")).toMatchObject({ isDir: false, isSymlink: false, size: 3n });
    expect(entry("link")).toMatchObject({ isDir: false, isSymlink: true });
    expect(entry("dangling")).toMatchObject({ isSymlink: true });
  });

  test("ListDir with an empty path lists /workspace", async ({ api, session }) => {
    await run(api, session.id, "touch /workspace/top-level-marker");
    const listing = await api.fs.listDir({ sessionId: session.id, path: "" });
    expect(listing.path).toBe("/workspace");
    expect(listing.entries.map((e) => e.name)).toContain("top-level-marker");
  });

  test("Stat describes a file, a directory and a symlink (not followed), with mode and mtime", async ({
    api,
    session,
  }) => {
    await run(api, session.id, "mkdir sd && printf hello > sf && chmod 640 sf && ln -s sf sl");
    const file = (await api.fs.stat({ sessionId: session.id, path: "sf" })).info;
    expect(file).toMatchObject({
      name: "sf",
      path: "/workspace/sf",
      isDir: false,
      isSymlink: false,
      size: 5n,
      mode: 0o640,
    });
    const secondsNow = BigInt(Math.floor(Date.now() / 1000));
    expect(file?.modifiedAt?.seconds).toBeGreaterThan(secondsNow - 120n);
    expect((await api.fs.stat({ sessionId: session.id, path: "sd" })).info).toMatchObject({
      isDir: true,
    });
    expect((await api.fs.stat({ sessionId: session.id, path: "sl" })).info).toMatchObject({
      isSymlink: true,
      isDir: false,
    });
    await expectCode(api.fs.stat({ sessionId: session.id, path: "missing" }), Code.NotFound);
  });

  test("Remove deletes a file; a non-empty directory needs recursive", async ({ api, session }) => {
    await run(api, session.id, "mkdir -p full/inner && touch full/inner/x single");
    await api.fs.remove({ sessionId: session.id, path: "single" });
    expect((await run(api, session.id, "test -e single; echo $?")).output).toBe("1\n");
    const err = await expectCode(
      api.fs.remove({ sessionId: session.id, path: "full" }),
      Code.FailedPrecondition,
    );
    expect(err.rawMessage).toMatch(/not empty/);
    expect((await run(api, session.id, "test -e full/inner/x; echo $?")).output).toBe("0\n");
    await api.fs.remove({ sessionId: session.id, path: "full", recursive: true });
    expect((await run(api, session.id, "test -e full; echo $?")).output).toBe("1\n");
    await expectCode(api.fs.remove({ sessionId: session.id, path: "full" }), Code.NotFound);
  });

  test("Remove refuses the workspace itself", async ({ api, session }) => {
    await expectCode(
      api.fs.remove({ sessionId: session.id, path: "/workspace", recursive: true }),
      Code.FailedPrecondition,
    );
    expect((await run(api, session.id, "test -d /workspace; echo $?")).output).toBe("0\n");
  });

  test("MakeDir with parents creates the chain and tolerates an existing one; without, a missing parent is NotFound", async ({
    api,
    session,
  }) => {
    await expectCode(api.fs.makeDir({ sessionId: session.id, path: "a/b/c" }), Code.NotFound);
    const made = await api.fs.makeDir({ sessionId: session.id, path: "a/b/c", parents: true });
    expect(made.path).toBe("/workspace/a/b/c");
    await api.fs.makeDir({ sessionId: session.id, path: "a/b/c", parents: true });
    expect((await run(api, session.id, "test -d /workspace/a/b/c && echo ok")).output).toBe("ok\n");
    await expectCode(api.fs.makeDir({ sessionId: session.id, path: "a" }), Code.AlreadyExists);
  });
});

describe("Upload and Download", () => {
  test("Upload of 8 MiB of random bytes in 128 chunks is byte-exact via Download and via sha256sum in the container", async ({
    api,
    session,
  }) => {
    const data = randomBytes(8 * 1024 * 1024);
    const uploaded = await api.fs.upload(chunked(session.id, "up/big.bin", data, 64 * 1024));
    expect(uploaded).toMatchObject({ path: "/workspace/up/big.bin", size: BigInt(data.length) });
    const inside = await run(
      api,
      session.id,
      "sha256sum up/big.bin | cut -d' ' -f1; stat -c %s up/big.bin",
    );
    expect(inside.output).toBe(`${sha256(data)}\n${data.length}\n`);
    const parts: Uint8Array[] = [];
    for await (const chunk of api.fs.download({ sessionId: session.id, path: "up/big.bin" }))
      parts.push(chunk.data);
    expect(parts.length).toBeGreaterThan(1);
    const downloaded = Buffer.concat(parts);
    expect(downloaded.length).toBe(data.length);
    expect(downloaded.equals(data)).toBe(true);
  });

  test("Download streams a file the shell made, in several chunks, byte-exact", async ({
    api,
    session,
  }) => {
    await run(api, session.id, "head -c 3000000 /dev/urandom > /tmp/made-by-shell.bin");
    const expected = (
      await run(api, session.id, "sha256sum /tmp/made-by-shell.bin | cut -d' ' -f1")
    ).output.trim();
    let chunks = 0;
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of api.fs.download({
      sessionId: session.id,
      path: "/tmp/made-by-shell.bin",
    })) {
      chunks++;
      size += chunk.data.length;
      hash.update(chunk.data);
    }
    expect(size).toBe(3_000_000);
    expect(chunks).toBeGreaterThan(1);
    expect(hash.digest("hex")).toBe(expected);
  });

  test("Upload with a single empty message makes an empty file; Download of a missing file is NotFound", async ({
    api,
    session,
  }) => {
    const uploaded = await api.fs.upload(chunked(session.id, "empty.bin", new Uint8Array(0), 1));
    expect(uploaded.size).toBe(0n);
    expect((await run(api, session.id, "stat -c %s empty.bin")).output).toBe("0\n");
    await expectCode(async () => {
      for await (const _ of api.fs.download({ sessionId: session.id, path: "missing.bin" })) {
        // nothing to read
      }
    }, Code.NotFound);
  });
});

describe("paths and ownership", () => {
  test("relative paths resolve against /workspace; absolute paths are inside the container (/tmp/x)", async ({
    api,
    session,
  }) => {
    await api.fs.writeFile({ sessionId: session.id, path: "rel.txt", content: text("relative") });
    await api.fs.writeFile({ sessionId: session.id, path: "/tmp/x", content: text("absolute") });
    const shell = await run(api, session.id, "cat /workspace/rel.txt; echo; cat /tmp/x");
    expect(shell.output).toBe("relative\nabsolute");
    const read = await api.fs.readFile({ sessionId: session.id, path: "/workspace/rel.txt" });
    expect(new TextDecoder().decode(read.content)).toBe("relative");
    // /tmp/x is the container's, not the host's: the API reads it back from there.
    const tmp = await api.fs.readFile({ sessionId: session.id, path: "/tmp/x" });
    expect(new TextDecoder().decode(tmp.content)).toBe("absolute");
  });

  test("files and directories written through the API belong to uid 1000, so the shell can edit and delete them", async ({
    api,
    session,
  }) => {
    await api.fs.writeFile({
      sessionId: session.id,
      path: "owned/by/sandbox.txt",
      content: text("v1"),
    });
    await api.fs.upload(chunked(session.id, "owned/up.bin", text("uploaded"), 3));
    await api.fs.makeDir({ sessionId: session.id, path: "owned/made", parents: true });
    const owners = await run(
      api,
      session.id,
      "stat -c '%u:%g %n' owned owned/by owned/by/sandbox.txt owned/up.bin owned/made",
    );
    expect(
      owners.output
        .trim()
        .split("\n")
        .map((l) => l.split(" ")[0]),
    ).toEqual(["1000:1000", "1000:1000", "1000:1000", "1000:1000", "1000:1000"]);
    const edit = await run(
      api,
      session.id,
      "echo v2 >> owned/by/sandbox.txt && cat owned/by/sandbox.txt && rm owned/up.bin && rmdir owned/made && echo done",
    );
    expect(edit.exitCode).toBe(0);
    expect(edit.output).toBe("v1v2\ndone\n");
  });

  test("files the shell wrote (also 0600 ones) can be read and replaced through the API", async ({
    api,
    session,
  }) => {
    await run(api, session.id, "echo secret-of-the-shell > mine.txt && chmod 600 mine.txt");
    const read = await api.fs.readFile({ sessionId: session.id, path: "mine.txt" });
    expect(new TextDecoder().decode(read.content)).toBe("secret-of-the-shell\n");
    await api.fs.writeFile({ sessionId: session.id, path: "mine.txt", content: text("replaced") });
    const after = await run(api, session.id, "cat mine.txt; echo; stat -c '%a %u' mine.txt");
    expect(after.output).toBe("replaced\n600 1000\n");
  });
});
