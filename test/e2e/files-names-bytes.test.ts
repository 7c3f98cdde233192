import { readFileSync } from "node:fs";
import { Code } from "@connectrpc/connect";
import { expectCode } from "../support/connect-errors.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * File names are bytes. Names the sandbox makes that are not valid UTF-8
 * are listed (text with U+FFFD, exact bytes beside it) and reached again
 * with path_bytes (REST: path_base64), over gRPC and REST, against a real
 * container.
 */

const latin = Buffer.from("caf\xe9", "latin1"); // "café" in latin-1: not UTF-8
const inWorkspace = (name: Buffer) => Buffer.concat([Buffer.from("/workspace/"), name]);
const b64 = (b: Buffer) => b.toString("base64");
// URL-safe, so that nothing in it needs escaping in a query string.
const b64url = (b: Buffer) => b.toString("base64url");

function rest(d: TestDaemon, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${d.apiKey}`);
  if (typeof init.body === "string") headers.set("content-type", "application/json");
  return fetch(`${d.url}${path}`, { ...init, headers });
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes
async function json(res: Response): Promise<any> {
  return res.json();
}

describe("names that are not UTF-8 in a session", () => {
  test("ListDir shows every name ls shows, with name_bytes; Stat too", async ({ api, session }) => {
    await run(
      api,
      session.id,
      "cd /workspace && printf latin > $'caf\\xe9' && printf ok > plain.txt && mkdir $'d\\xff' && printf deep > $'d\\xff/inner'",
    );
    expect((await run(api, session.id, "ls -A /workspace | wc -l")).output).toBe("3\n");
    const listing = await api.fs.listDir({ sessionId: session.id, path: "" });
    expect(listing.truncated).toBe(false);
    expect(listing.entries.map((e) => e.name)).toEqual(["caf\uFFFD", "d\uFFFD", "plain.txt"]);
    const [file, dir, plain] = listing.entries;
    expect(Buffer.from(file?.nameBytes ?? []).equals(latin)).toBe(true);
    expect(Buffer.from(file?.pathBytes ?? []).equals(inWorkspace(latin))).toBe(true);
    expect(file).toMatchObject({ path: "/workspace/caf\uFFFD", size: 5n, isDir: false });
    expect(dir?.isDir).toBe(true);
    expect(plain?.nameBytes).toHaveLength(0);
    expect(plain?.pathBytes).toHaveLength(0);

    const inner = await api.fs.listDir({ sessionId: session.id, pathBytes: dir?.pathBytes });
    expect(inner.entries.map((e) => e.name)).toEqual(["inner"]);
    const stat = await api.fs.stat({ sessionId: session.id, pathBytes: file?.pathBytes });
    expect(stat.info).toMatchObject({ name: "caf\uFFFD", size: 5n });
    expect(Buffer.from(stat.info?.nameBytes ?? []).equals(latin)).toBe(true);
  });

  test("gRPC: read, write, upload, download, mkdir and remove reach them with path_bytes", async ({
    api,
    session,
  }) => {
    const sessionId = session.id;
    const file = inWorkspace(latin);
    const written = await api.fs.writeFile({
      sessionId,
      pathBytes: file,
      content: Buffer.from("v1"),
    });
    expect(written.path).toBe("/workspace/caf\uFFFD");
    expect((await run(api, sessionId, "cat /workspace/$'caf\\xe9'")).output).toBe("v1");
    const read = await api.fs.readFile({ sessionId, pathBytes: file });
    expect(Buffer.from(read.content).toString()).toBe("v1");

    await api.fs.upload(
      (async function* () {
        yield { sessionId, pathBytes: file, data: Buffer.from("v2 ") };
        yield { data: Buffer.from("streamed") };
      })(),
    );
    const chunks: Buffer[] = [];
    for await (const m of api.fs.download({ sessionId, pathBytes: file }))
      chunks.push(Buffer.from(m.data));
    expect(Buffer.concat(chunks).toString()).toBe("v2 streamed");

    const dir = Buffer.concat([inWorkspace(Buffer.from("\xfe", "latin1")), Buffer.from("/sub")]);
    await api.fs.makeDir({ sessionId, pathBytes: dir, parents: true });
    expect((await run(api, sessionId, "test -d /workspace/$'\\xfe'/sub && echo yes")).output).toBe(
      "yes\n",
    );
    await api.fs.remove({
      sessionId,
      pathBytes: inWorkspace(Buffer.from("\xfe", "latin1")),
      recursive: true,
    });
    await api.fs.remove({ sessionId, pathBytes: file });
    expect((await run(api, sessionId, "ls -A /workspace | wc -l")).output).toBe("0\n");
  });

  test("REST: listings carry name_base64/path_base64, and path_base64 reaches the file on every route", async ({
    daemon,
    api,
    session,
  }) => {
    const base = `/v1/sessions/${session.id}/fs`;
    await run(api, session.id, "printf latin > /workspace/$'caf\\xe9'");
    const listing = await json(await rest(daemon, `${base}?path=/workspace`));
    expect(listing.entries).toHaveLength(1);
    expect(listing.entries[0]).toMatchObject({
      name: "caf\uFFFD",
      path: "/workspace/caf\uFFFD",
      name_base64: b64(latin),
      path_base64: b64(inWorkspace(latin)),
      size: 5,
    });
    const plainListing = await json(await rest(daemon, `${base}?path=/`));
    expect(
      plainListing.entries.find((e: { name: string }) => e.name === "workspace"),
    ).not.toHaveProperty("name_base64");

    const p = b64url(inWorkspace(latin));
    const stat = await json(await rest(daemon, `${base}/stat?path_base64=${p}`));
    expect(stat).toMatchObject({ name: "caf\uFFFD", name_base64: b64(latin), size: 5 });
    // Standard base64 with its "+" left unescaped in the query still works.
    const plus = Buffer.from([0xfa, 0xfb]); // "/workspace/" + these: base64 "…/6+w=="
    await run(api, session.id, "printf plus > /workspace/$'\\xfa\\xfb'");
    const viaPlus = await rest(daemon, `${base}/stat?path_base64=${b64(inWorkspace(plus))}`);
    expect(b64(inWorkspace(plus))).toContain("+");
    expect(viaPlus.status).toBe(200);

    const read = await json(await rest(daemon, `${base}/read?path_base64=${p}`));
    expect(read).toMatchObject({ path: "/workspace/caf\uFFFD", text: "latin", size: 5 });
    const download = await rest(daemon, `${base}/download?path_base64=${p}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe("latin");

    const write = await rest(daemon, `${base}/write`, {
      method: "POST",
      body: JSON.stringify({ path_base64: b64(inWorkspace(latin)), text: "rewritten" }),
    });
    expect(write.status).toBe(200);
    expect((await run(api, session.id, "cat /workspace/$'caf\\xe9'")).output).toBe("rewritten");

    const dir = inWorkspace(Buffer.from("dir\xff", "latin1"));
    const mkdir = await rest(daemon, `${base}/mkdir`, {
      method: "POST",
      body: JSON.stringify({ path_base64: b64(dir) }),
    });
    expect(mkdir.status).toBe(200);
    const form = new FormData();
    form.append("path_base64", b64(dir));
    form.append("file", new Blob(["uploaded"]), "up.txt");
    const upload = await rest(daemon, `${base}/upload`, { method: "POST", body: form });
    expect(upload.status).toBe(200);
    expect((await run(api, session.id, "cat /workspace/$'dir\\xff'/up.txt")).output).toBe(
      "uploaded",
    );
    const rm = await rest(daemon, `${base}?path_base64=${b64url(dir)}&recursive=true`, {
      method: "DELETE",
    });
    expect(rm.status).toBe(200);
    // What is left: the two files; the directory is gone.
    expect((await run(api, session.id, "ls -A /workspace")).output).toBe(
      "caf\uFFFD\n\uFFFD\uFFFD\n",
    );
  });

  test("REST refuses path with path_base64, bad base64, and a NUL in path_base64 (400)", async ({
    daemon,
    api,
    session,
  }) => {
    const base = `/v1/sessions/${session.id}/fs`;
    const both = await rest(daemon, `${base}/stat?path=a&path_base64=${b64url(latin)}`);
    expect(both.status).toBe(400);
    expect((await json(both)).error).toMatch(/either path or path_base64/);
    const bad = await rest(daemon, `${base}/read?path_base64=%25%25`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/path_base64 is not valid base64/);
    const nul = await rest(daemon, `${base}/write`, {
      method: "POST",
      body: JSON.stringify({ path_base64: b64(Buffer.from("a\0b")), text: "x" }),
    });
    expect(nul.status).toBe(400);
    expect((await json(nul)).error).toMatch(/NUL/);
    const none = await rest(daemon, `${base}/write`, {
      method: "POST",
      body: JSON.stringify({ text: "x" }),
    });
    expect(none.status).toBe(400);
    expect((await json(none)).error).toMatch(/path or path_base64 is required/);
    expect((await run(api, session.id, "ls -A /workspace | wc -l")).output).toBe("0\n");
  });
});

describe("byte paths keep the rules of text paths", () => {
  test("path_bytes with path, or with a NUL, is InvalidArgument for every RPC", async ({
    api,
    session,
  }) => {
    const sessionId = session.id;
    for (const [what, fields] of [
      ["both", { path: "a", pathBytes: Buffer.from("a") }],
      ["NUL", { pathBytes: Buffer.from("a\0b") }],
    ] as const) {
      const calls: [string, () => Promise<unknown>][] = [
        ["readFile", () => api.fs.readFile({ sessionId, ...fields })],
        ["writeFile", () => api.fs.writeFile({ sessionId, ...fields, content: Buffer.from("x") })],
        ["listDir", () => api.fs.listDir({ sessionId, ...fields })],
        ["stat", () => api.fs.stat({ sessionId, ...fields })],
        ["remove", () => api.fs.remove({ sessionId, ...fields })],
        ["makeDir", () => api.fs.makeDir({ sessionId, ...fields })],
        [
          "upload",
          () =>
            api.fs.upload(
              (async function* () {
                yield { sessionId, ...fields, data: Buffer.from("x") };
              })(),
            ),
        ],
        [
          "download",
          async () => {
            for await (const _ of api.fs.download({ sessionId, ...fields })) {
              // must not get here
            }
          },
        ],
      ];
      for (const [name, call] of calls) {
        const err = await expectCode(call, Code.InvalidArgument);
        expect(err.rawMessage, `${what} ${name}`).toMatch(/path/);
      }
    }
    expect((await run(api, sessionId, "ls -A /workspace | wc -l")).output).toBe("0\n");
  });

  test("'..' in bytes and a planted link with a non-UTF-8 name resolve inside the container", async ({
    api,
    session,
  }) => {
    const sessionId = session.id;
    const climbed = await api.fs.readFile({
      sessionId,
      pathBytes: Buffer.from("\xff/../../../etc/passwd", "latin1"),
    });
    expect(climbed.path).toBe("/etc/passwd");
    expect(Buffer.from(climbed.content).toString()).toBe(
      (await run(api, sessionId, "cat /etc/passwd")).output,
    );
    expect(Buffer.from(climbed.content).toString()).not.toBe(readFileSync("/etc/passwd", "utf8"));

    await run(api, sessionId, "ln -s /etc /workspace/$'etc\\xff'");
    const link = Buffer.from("etc\xff", "latin1");
    const passwd = await api.fs.readFile({
      sessionId,
      pathBytes: Buffer.concat([link, Buffer.from("/passwd")]),
    });
    expect(Buffer.from(passwd.content).toString()).toMatch(/^sandbox:x:1000:1000:/m);
    const err = await expectCode(
      api.fs.writeFile({
        sessionId,
        pathBytes: Buffer.concat([link, Buffer.from("/sandkasten-canary")]),
        content: Buffer.from("pwned"),
      }),
      Code.FailedPrecondition,
    );
    expect(err.rawMessage).toBe("read-only file system: /workspace/etc\uFFFD/sandkasten-canary");
    // An absolute byte path is a path in the container.
    const abs = await api.fs.stat({ sessionId, pathBytes: Buffer.from("/etc/hostname") });
    expect(abs.info?.path).toBe("/etc/hostname");
  });
});
