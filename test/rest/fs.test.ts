import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  MakeDirRequest,
  ReadFileRequest,
  RemoveRequest,
  WriteFileRequest,
} from "../../gen/sandkasten/v1/fs_pb.js";
import { FsService } from "../../gen/sandkasten/v1/fs_pb.js";
import type { RestHarness } from "./rest-harness.js";
import { auth, errorOf, rawRequest, startRest } from "./rest-harness.js";

const MiB = 1024 * 1024;
const modified = new Date("2025-03-04T05:06:07Z");

const absolute = (path: string) => (path.startsWith("/") ? path : `/workspace/${path}`);

describe("fs routes", () => {
  let rest: RestHarness;
  const writes: WriteFileRequest[] = [];
  const reads: ReadFileRequest[] = [];
  const mkdirs: MakeDirRequest[] = [];
  const removes: RemoveRequest[] = [];
  const uploads = new Map<string, { content: Buffer; messageSizes: number[] }>();

  beforeAll(async () => {
    rest = await startRest((router) => {
      router.service(FsService, {
        writeFile(req) {
          writes.push(req);
          return { path: absolute(req.path), size: BigInt(req.content.length) };
        },
        readFile(req) {
          reads.push(req);
          if (req.sessionId === "gone") throw new ConnectError("session not found", Code.NotFound);
          return {
            path: absolute(req.path),
            content: Buffer.from("hi\0"),
            truncated: true,
            size: 9n,
          };
        },
        listDir(req) {
          return {
            path: absolute(req.path || "."),
            entries: [
              {
                name: "a.txt",
                path: "/workspace/a.txt",
                size: 5n,
                mode: 0o644,
                modifiedAt: timestampFromDate(modified),
              },
              { name: "sub", path: "/workspace/sub", isDir: true, mode: 0o755 },
            ],
          };
        },
        stat(req) {
          return { info: { name: "a.txt", path: absolute(req.path), size: 5n, isSymlink: true } };
        },
        makeDir(req) {
          mkdirs.push(req);
          return { path: absolute(req.path) };
        },
        remove(req) {
          removes.push(req);
          return {};
        },
        async *download(req) {
          if (req.path === "missing") throw new ConnectError("no such file", Code.NotFound);
          yield { data: Buffer.from("first,") };
          yield { data: Buffer.from("second") };
        },
        async upload(requests) {
          let path: string | undefined;
          const chunks: Buffer[] = [];
          const messageSizes: number[] = [];
          for await (const req of requests) {
            if (path === undefined) {
              if (req.sessionId === "gone") {
                throw new ConnectError("session not found", Code.NotFound);
              }
              path = absolute(req.path);
            }
            chunks.push(Buffer.from(req.data));
            messageSizes.push(req.data.length);
          }
          const content = Buffer.concat(chunks);
          uploads.set(path ?? "", { content, messageSizes });
          return { path: path ?? "", size: BigInt(content.length) };
        },
      });
    });
  });
  afterAll(() => rest.close());

  const post = (path: string, body: unknown) =>
    fetch(`${rest.base}${path}`, { method: "POST", headers: auth, body: JSON.stringify(body) });

  it("writes text or base64 content", async () => {
    const text = await post("/v1/sessions/s1/fs/write", { path: "a.txt", text: "héllo" });
    expect(text.status).toBe(200);
    expect(await text.json()).toEqual({ ok: true });
    expect(writes.at(-1)?.path).toBe("a.txt");
    expect(Buffer.from(writes.at(-1)?.content ?? []).toString()).toBe("héllo");

    const b64 = await post("/v1/sessions/s1/fs/write", {
      path: "/workspace/b.bin",
      content_base64: Buffer.from([0, 1, 2, 255]).toString("base64"),
    });
    expect(b64.status).toBe(200);
    expect([...(writes.at(-1)?.content ?? [])]).toEqual([0, 1, 2, 255]);

    const empty = await post("/v1/sessions/s1/fs/write", { path: "empty", text: "" });
    expect(empty.status).toBe(200);
    expect(writes.at(-1)?.content.length).toBe(0);
  });

  it("refuses a write with both, neither or bad base64 content", async () => {
    const cases: [unknown, RegExp][] = [
      [{ path: "a", text: "x", content_base64: "eA==" }, /not both/],
      [{ path: "a" }, /required/],
      [{ path: "a", content_base64: "not base64!" }, /content_base64/],
      [{ path: "a", content_base64: "eA=" }, /content_base64/],
      [{ path: "a", content_base64: "e" }, /content_base64/],
      [{ path: "a", text: 5 }, /text/],
      [{ path: ["a"], text: "x" }, /path/],
    ];
    const before = writes.length;
    for (const [body, message] of cases) {
      const res = await post("/v1/sessions/s1/fs/write", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorOf(res)).toMatch(message);
    }
    expect(writes.length).toBe(before);
  });

  it("reads a file", async () => {
    const res = await fetch(
      `${rest.base}/v1/sessions/s1/fs/read?path=dir%2Fa%20b.txt&max_bytes=2`,
      {
        headers: auth,
      },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      path: "/workspace/dir/a b.txt",
      content_base64: Buffer.from("hi\0").toString("base64"),
      truncated: true,
      size: 9,
    });
    expect(reads.at(-1)).toMatchObject({ sessionId: "s1", path: "dir/a b.txt", maxBytes: 2n });

    const bad = await fetch(`${rest.base}/v1/sessions/s1/fs/read?path=a&max_bytes=-1`, {
      headers: auth,
    });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/max_bytes/);
    const gone = await fetch(`${rest.base}/v1/sessions/gone/fs/read?path=a`, { headers: auth });
    expect(gone.status).toBe(404);
  });

  it("lists, stats, makes and removes", async () => {
    const list = await fetch(`${rest.base}/v1/sessions/s1/fs?path=.`, { headers: auth });
    expect(await list.json()).toEqual({
      path: "/workspace/.",
      entries: [
        {
          name: "a.txt",
          path: "/workspace/a.txt",
          is_dir: false,
          is_symlink: false,
          size: 5,
          mode: 0o644,
          modified_at: "2025-03-04T05:06:07.000Z",
        },
        {
          name: "sub",
          path: "/workspace/sub",
          is_dir: true,
          is_symlink: false,
          size: 0,
          mode: 0o755,
          modified_at: null,
        },
      ],
      truncated: false,
    });

    const stat = await fetch(`${rest.base}/v1/sessions/s1/fs/stat?path=a.txt`, { headers: auth });
    expect(await stat.json()).toMatchObject({ name: "a.txt", path: "/workspace/a.txt", size: 5 });

    const mkdir = await post("/v1/sessions/s1/fs/mkdir", { path: "x/y", parents: true });
    expect(await mkdir.json()).toEqual({ ok: true, path: "/workspace/x/y" });
    expect(mkdirs.at(-1)).toMatchObject({ path: "x/y", parents: true });

    const remove = await fetch(`${rest.base}/v1/sessions/s1/fs?path=x&recursive=true`, {
      method: "DELETE",
      headers: auth,
    });
    expect(await remove.json()).toEqual({ ok: true });
    expect(removes.at(-1)).toMatchObject({ path: "x", recursive: true });
    const badFlag = await fetch(`${rest.base}/v1/sessions/s1/fs?path=x&recursive=maybe`, {
      method: "DELETE",
      headers: auth,
    });
    expect(badFlag.status).toBe(400);
  });

  it("downloads a file as a byte stream", async () => {
    const res = await fetch(`${rest.base}/v1/sessions/s1/fs/download?path=dir/a.txt`, {
      headers: auth,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''a.txt");
    expect(await res.text()).toBe("first,second");
    const missing = await fetch(`${rest.base}/v1/sessions/s1/fs/download?path=missing`, {
      headers: auth,
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "no such file" });
  });

  describe("upload", () => {
    interface Part {
      name: string;
      filename?: string;
      content: string | Buffer;
    }

    function multipart(parts: Part[]): { body: Buffer; contentType: string } {
      const boundary = "----sandkasten-test-boundary";
      const pieces: Buffer[] = [];
      for (const part of parts) {
        const disposition =
          part.filename === undefined
            ? `form-data; name="${part.name}"`
            : `form-data; name="${part.name}"; filename="${part.filename}"`;
        const type =
          part.filename === undefined ? "" : "Content-Type: application/octet-stream\r\n";
        pieces.push(
          Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`),
        );
        pieces.push(Buffer.from(part.content));
        pieces.push(Buffer.from("\r\n"));
      }
      pieces.push(Buffer.from(`--${boundary}--\r\n`));
      return {
        body: Buffer.concat(pieces),
        contentType: `multipart/form-data; boundary=${boundary}`,
      };
    }

    const upload = (parts: Part[], session = "s1", extraHeaders: Record<string, string> = {}) => {
      const { body, contentType } = multipart(parts);
      return rawRequest(rest.port, "POST", `/v1/sessions/${session}/fs/upload`, body, {
        ...auth,
        "content-type": contentType,
        ...extraHeaders,
      });
    };

    it("uploads several files, honouring a path field before them", async () => {
      const big = Buffer.alloc(3 * MiB - 1000, 7);
      const res = await upload([
        { name: "file", filename: "one.txt", content: "first file" },
        { name: "path", content: "/workspace/sub/" },
        { name: "files", filename: "two.bin", content: big },
      ]);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({
        ok: true,
        paths: ["/workspace/one.txt", "/workspace/sub/two.bin"],
      });
      expect(uploads.get("/workspace/one.txt")?.content.toString()).toBe("first file");
      const two = uploads.get("/workspace/sub/two.bin");
      expect(two?.content.equals(big)).toBe(true);
      // The first message carries only the path; data follows in pieces of at most 1 MiB.
      expect(two?.messageSizes[0]).toBe(0);
      expect(two?.messageSizes.length).toBeGreaterThan(2);
      expect(Math.max(...(two?.messageSizes ?? []))).toBeLessThanOrEqual(MiB);
    });

    it("refuses a part it does not take, naming it, as a JSON body's unknown field", async () => {
      const res = await upload([
        { name: "fiel", filename: "dropped.txt", content: "a typo must not drop the file" },
        { name: "file", filename: "one.txt", content: "first file" },
      ]);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error).toMatch(/^unknown field "fiel" \(did you mean "file"\?\)/);
      expect(uploads.has("/workspace/dropped.txt")).toBe(false);
    });

    it("refuses filenames that are not plain names", async () => {
      for (const filename of ["../x", "a/b", "a\\b", "..", "."]) {
        const res = await upload([{ name: "file", filename, content: "x" }]);
        expect(res.status, filename).toBe(400);
        expect(JSON.parse(res.body).error).toContain(JSON.stringify(filename));
      }
      expect(uploads.has("/workspace/x")).toBe(false);
      expect(uploads.has("/x")).toBe(false);
      const empty = await upload([{ name: "file", filename: "", content: "x" }]);
      expect(empty.status).toBe(400);
    });

    it("refuses an upload without files or with a file part without a filename", async () => {
      const none = await upload([{ name: "path", content: "/workspace" }]);
      expect(none.status).toBe(400);
      expect(JSON.parse(none.body).error).toMatch(/no file/);
      const unnamed = await upload([{ name: "file", content: "x" }]);
      expect(unnamed.status).toBe(400);
      expect(JSON.parse(unnamed.body).error).toMatch(/no filename/);
      const notMultipart = await rawRequest(rest.port, "POST", "/v1/sessions/s1/fs/upload", "{}");
      expect(notMultipart.status).toBe(400);
      expect(JSON.parse(notMultipart.body).error).toMatch(/multipart/);
    });

    it("answers the service's error", async () => {
      const res = await upload([{ name: "file", filename: "a.txt", content: "x" }], "gone");
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ error: "session not found" });
    });

    it("answers 413 past the upload limit, with or without Content-Length", async () => {
      const parts = [{ name: "file", filename: "huge.bin", content: Buffer.alloc(5 * MiB) }];
      const sized = await upload(parts);
      expect(sized.status).toBe(413);
      expect(JSON.parse(sized.body).error).toMatch(/larger than/);
      const chunked = await upload(parts, "s1", { "transfer-encoding": "chunked" });
      expect(chunked.status).toBe(413);
      expect(uploads.has("/workspace/huge.bin")).toBe(false);
      // The connection and the gateway stay usable.
      expect((await rawRequest(rest.port, "GET", "/healthz")).status).toBe(200);
    });
  });
});
