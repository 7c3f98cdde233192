import { randomBytes } from "node:crypto";
import { describe, expect, run, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * The REST file routes of rest-api.md against the real daemon and a real
 * container, with fetch (async: the daemon shares this process).
 */

function rest(d: TestDaemon, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${d.apiKey}`);
  return fetch(`${d.url}${path}`, { ...init, headers });
}

interface ReadAnswer {
  path: string;
  content_base64: string;
  truncated: boolean;
  size: number;
}

/** The JSON body of an answer, typed as the test expects it. */
async function json<T = { error: string; paths: string[] }>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

function postJson(d: TestDaemon, path: string, body: unknown): Promise<Response> {
  return rest(d, path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
}

describe("REST file routes", () => {
  test("multipart upload of two files with a path field lands them where the shell can ls them", async ({
    daemon,
    api,
    session,
  }) => {
    const binary = randomBytes(70_000);
    const form = new FormData();
    form.append("path", "/workspace/incoming/today");
    form.append("files", new Blob(["first file\n"]), "one.txt");
    form.append("files", new Blob([binary]), "two.bin");
    // The target directory does not exist yet: the upload creates it.
    const res = await rest(daemon, `/v1/sessions/${session.id}/fs/upload`, {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      paths: ["/workspace/incoming/today/one.txt", "/workspace/incoming/today/two.bin"],
    });
    const ls = await run(
      api,
      session.id,
      "ls -n /workspace/incoming/today | awk 'NR>1 {print $3, $5, $9}'",
    );
    expect(ls.output).toBe(`1000 11 one.txt\n1000 ${binary.length} two.bin\n`);
    const back = await api.fs.readFile({ sessionId: session.id, path: "incoming/today/two.bin" });
    expect(Buffer.from(back.content).equals(binary)).toBe(true);
  });

  test("multipart upload without a path field goes to /workspace", async ({
    daemon,
    api,
    session,
  }) => {
    const form = new FormData();
    form.append("file", new Blob(["default dir"]), "plain.txt");
    const res = await rest(daemon, `/v1/sessions/${session.id}/fs/upload`, {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(200);
    expect((await json(res)).paths).toEqual(["/workspace/plain.txt"]);
    expect((await run(api, session.id, "cat /workspace/plain.txt")).output).toBe("default dir");
  });

  test("an upload named ../evil is refused with 400 and nothing is written", async ({
    daemon,
    api,
    session,
  }) => {
    const form = new FormData();
    form.append("path", "/workspace/sub");
    form.append("file", new Blob(["evil"]), "../evil");
    const res = await rest(daemon, `/v1/sessions/${session.id}/fs/upload`, {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatch(/invalid upload filename/);
    const look = await run(
      api,
      session.id,
      "ls -a /workspace; test -e /workspace/evil || test -e /evil; echo $?",
    );
    expect(look.output).not.toMatch(/evil/);
    expect(look.output.trim().split("\n").at(-1)).toBe("1");
  });

  test("fs/write with content_base64 stores the exact bytes; fs/read returns them base64 with truncated and size", async ({
    daemon,
    api,
    session,
  }) => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10, 13, 0]);
    const write = await postJson(daemon, `/v1/sessions/${session.id}/fs/write`, {
      path: "b64/data.bin",
      content_base64: bytes.toString("base64"),
    });
    expect(write.status).toBe(200);
    expect(await write.json()).toEqual({ ok: true });
    expect(
      (await run(api, session.id, "od -An -tx1 b64/data.bin | tr -s ' ' | sed 's/^ //'")).output,
    ).toBe("00 01 02 ff fe 80 0a 0d 00\n");
    const read = await rest(daemon, `/v1/sessions/${session.id}/fs/read?path=b64/data.bin`);
    expect(read.status).toBe(200);
    const body = await json<ReadAnswer>(read);
    expect(body).toMatchObject({
      path: "/workspace/b64/data.bin",
      truncated: false,
      size: bytes.length,
    });
    expect(Buffer.from(body.content_base64, "base64").equals(bytes)).toBe(true);
    const part = await json<ReadAnswer>(
      await rest(daemon, `/v1/sessions/${session.id}/fs/read?path=b64/data.bin&max_bytes=3`),
    );
    expect(Buffer.from(part.content_base64, "base64").equals(bytes.subarray(0, 3))).toBe(true);
    expect(part).toMatchObject({ truncated: true, size: bytes.length });
  });

  test("fs/read answers text beside content_base64 when the bytes are UTF-8, not otherwise; gRPC says is_utf8", async ({
    daemon,
    api,
    session,
  }) => {
    const utf8 = "zwei: äöü ß €\n三\n";
    await api.fs.writeFile({ sessionId: session.id, path: "u.txt", content: Buffer.from(utf8) });
    await api.fs.writeFile({
      sessionId: session.id,
      path: "b.bin",
      content: Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    });
    const text = await json<ReadAnswer & { text?: string }>(
      await rest(daemon, `/v1/sessions/${session.id}/fs/read?path=u.txt`),
    );
    expect(text.text).toBe(utf8);
    expect(Buffer.from(text.content_base64, "base64").toString()).toBe(utf8);
    const binary = await json<ReadAnswer & { text?: string }>(
      await rest(daemon, `/v1/sessions/${session.id}/fs/read?path=b.bin`),
    );
    expect(binary).not.toHaveProperty("text");
    expect(binary.content_base64).toBe(Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString("base64"));
    expect((await api.fs.readFile({ sessionId: session.id, path: "u.txt" })).isUtf8).toBe(true);
    expect((await api.fs.readFile({ sessionId: session.id, path: "b.bin" })).isUtf8).toBe(false);
    // Cut inside "ä" (two bytes): the bytes returned are not UTF-8.
    const cut = await json<ReadAnswer & { text?: string }>(
      await rest(daemon, `/v1/sessions/${session.id}/fs/read?path=u.txt&max_bytes=7`),
    );
    expect(cut).toMatchObject({ truncated: true });
    expect(cut).not.toHaveProperty("text");
  });

  test("fs/read of a file the shell wrote, and of a missing one (404 with an error)", async ({
    daemon,
    api,
    session,
  }) => {
    await run(api, session.id, "printf 'from the shell' > /tmp/shell.txt");
    const read = await json<ReadAnswer>(
      await rest(daemon, `/v1/sessions/${session.id}/fs/read?path=/tmp/shell.txt`),
    );
    expect(Buffer.from(read.content_base64, "base64").toString()).toBe("from the shell");
    const missing = await rest(daemon, `/v1/sessions/${session.id}/fs/read?path=nope.txt`);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toMatch(/no such file/);
  });

  test("fs/write with invalid base64 is 400 and writes nothing", async ({
    daemon,
    api,
    session,
  }) => {
    const res = await postJson(daemon, `/v1/sessions/${session.id}/fs/write`, {
      path: "bad.bin",
      content_base64: "%%%",
    });
    expect(res.status).toBe(400);
    expect((await run(api, session.id, "test -e bad.bin; echo $?")).output).toBe("1\n");
  });
});
