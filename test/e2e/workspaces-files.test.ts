import { createHash, randomBytes } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "../support/connect-errors.js";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import {
  collect,
  decode,
  newSession,
  rest,
  sh,
  storageExists,
  text,
} from "../support/workspace-helpers.js";

/**
 * WorkspaceService's file operations need no session: they work on the
 * workspace's storage directly, and what they leave behaves like files the
 * sandbox made itself.
 */

const MiB = 1024 * 1024;

/** Every entry of /workspace with its type, mode and link target, and every file's sha256. */
const MANIFEST =
  "cd /workspace && find . -mindepth 1 -printf '%y %m %p %l\\n' | sort && find . -type f -print0 | sort -z | xargs -0 -r sha256sum";

describe.each(DRIVERS)("workspace files without a session (%s driver)", (driver) => {
  let d: WorkspaceDaemon;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
  });

  afterAll(async () => {
    await d?.stop();
  });

  test("write creates the workspace; read (truncated by max_bytes), list, stat, mkdir -p and remove -r work on it", async () => {
    const id = freshWorkspaceId("files");
    expect(await storageExists(d, driver, id)).toBe(false);
    const written = await d.ws.writeWorkspaceFile({
      workspaceId: id,
      path: "notes/a.txt",
      content: text("hello world"),
    });
    expect(written).toMatchObject({ path: "/notes/a.txt", size: 11n });
    expect(await storageExists(d, driver, id)).toBe(true);
    expect((await d.ws.getWorkspace({ id })).workspace?.sizeBytes).toBe(11n);

    const full = await d.ws.readWorkspaceFile({ workspaceId: id, path: "notes/a.txt" });
    expect(decode(full.content)).toBe("hello world");
    expect(full).toMatchObject({ truncated: false, size: 11n });
    const cut = await d.ws.readWorkspaceFile({
      workspaceId: id,
      path: "/notes/a.txt",
      maxBytes: 5n,
    });
    expect(decode(cut.content)).toBe("hello");
    expect(cut).toMatchObject({ truncated: true, size: 11n });
    const cutRest = await rest(
      d,
      "GET",
      `/v1/workspaces/${id}/fs/read?path=notes/a.txt&max_bytes=5`,
    );
    expect(cutRest.status).toBe(200);
    expect(cutRest.json).toMatchObject({
      path: "/notes/a.txt",
      content_base64: Buffer.from("hello").toString("base64"),
      truncated: true,
    });

    // Mode, and text/content_base64 over REST.
    await d.ws.writeWorkspaceFile({
      workspaceId: id,
      path: "run.sh",
      content: text("#!/bin/sh\n"),
      mode: 0o755,
    });
    const b64 = await rest(d, "POST", `/v1/workspaces/${id}/fs/write`, {
      path: "notes/b.bin",
      content_base64: Buffer.from([0, 1, 2, 255]).toString("base64"),
    });
    expect(b64).toMatchObject({ status: 200, json: { ok: true } });
    const b = await d.ws.readWorkspaceFile({ workspaceId: id, path: "notes/b.bin" });
    expect([...b.content]).toEqual([0, 1, 2, 255]);

    const root = await d.ws.listWorkspaceDir({ workspaceId: id, path: "" });
    expect(root.path).toBe("/");
    expect(root.entries.map((e) => [e.name, e.isDir]).sort()).toEqual([
      ["notes", true],
      ["run.sh", false],
    ]);
    const notes = await d.ws.listWorkspaceDir({ workspaceId: id, path: "notes" });
    expect(notes.entries.map((e) => [e.name, e.path, Number(e.size)]).sort()).toEqual([
      ["a.txt", "/notes/a.txt", 11],
      ["b.bin", "/notes/b.bin", 4],
    ]);
    const listed = await rest(d, "GET", `/v1/workspaces/${id}/fs?path=/notes`);
    expect(listed.status).toBe(200);
    expect(listed.json.entries.map((e: { name: string }) => e.name).sort()).toEqual([
      "a.txt",
      "b.bin",
    ]);

    const st = (await d.ws.statWorkspacePath({ workspaceId: id, path: "notes/a.txt" })).info;
    expect(st).toMatchObject({ name: "a.txt", isDir: false, isSymlink: false, size: 11n });
    expect((st?.mode ?? 0) & 0o777).toBe(0o644);
    const exe = (await d.ws.statWorkspacePath({ workspaceId: id, path: "run.sh" })).info;
    expect((exe?.mode ?? 0) & 0o777).toBe(0o755);
    expect((await d.ws.statWorkspacePath({ workspaceId: id, path: "" })).info?.isDir).toBe(true);
    const stRest = await rest(d, "GET", `/v1/workspaces/${id}/fs/stat?path=notes`);
    expect(stRest.json).toMatchObject({ name: "notes", is_dir: true });
    await expectCode(d.ws.statWorkspacePath({ workspaceId: id, path: "nope" }), Code.NotFound);

    // mkdir: -p makes the whole chain; without it the parent must exist.
    expect(
      (await d.ws.makeWorkspaceDir({ workspaceId: id, path: "x/y/z", parents: true })).path,
    ).toBe("/x/y/z");
    await d.ws.makeWorkspaceDir({ workspaceId: id, path: "x/y/z", parents: true });
    await expectCode(d.ws.makeWorkspaceDir({ workspaceId: id, path: "p/q" }), Code.NotFound);
    await expectCode(d.ws.makeWorkspaceDir({ workspaceId: id, path: "x" }), Code.AlreadyExists);
    const mk = await rest(d, "POST", `/v1/workspaces/${id}/fs/mkdir`, {
      path: "r/s",
      parents: true,
    });
    expect(mk).toMatchObject({ status: 200, json: { ok: true, path: "/r/s" } });
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "x/y/z/deep.txt", content: text("d") });

    // remove: a non-empty directory needs recursive.
    await expectCode(
      d.ws.removeWorkspacePath({ workspaceId: id, path: "x" }),
      Code.FailedPrecondition,
    );
    await d.ws.removeWorkspacePath({ workspaceId: id, path: "x", recursive: true });
    await expectCode(d.ws.statWorkspacePath({ workspaceId: id, path: "x" }), Code.NotFound);
    await d.ws.removeWorkspacePath({ workspaceId: id, path: "run.sh" });
    const rm = await rest(d, "DELETE", `/v1/workspaces/${id}/fs?path=notes&recursive=true`);
    expect(rm).toMatchObject({ status: 200, json: { ok: true } });
    const rmMissing = await rest(d, "DELETE", `/v1/workspaces/${id}/fs?path=notes`);
    expect(rmMissing.status).toBe(404);
    await expectCode(
      d.ws.removeWorkspacePath({ workspaceId: id, path: "/", recursive: true }),
      Code.FailedPrecondition,
    );
    const left = await d.ws.listWorkspaceDir({ workspaceId: id, path: "/" });
    expect(left.entries.map((e) => e.name)).toEqual(["r"]);
    await d.ws.deleteWorkspace({ id });
  });

  test("3 MiB of random bytes upload in chunks (client stream) and download (server stream) byte-exact, over gRPC and REST", async () => {
    const id = freshWorkspaceId("stream");
    const data = randomBytes(3 * MiB);
    const sha = createHash("sha256").update(data).digest("hex");
    let sent = 0;
    async function* chunks() {
      yield { workspaceId: id, path: "big/blob.bin" };
      // Uneven chunks, the last one short.
      for (let at = 0; at < data.length; at += 300_001) {
        sent++;
        yield { data: data.subarray(at, at + 300_001) };
      }
    }
    const up = await d.ws.uploadWorkspaceFile(chunks());
    expect(sent).toBeGreaterThan(10);
    expect(up).toMatchObject({ path: "/big/blob.bin", size: BigInt(3 * MiB) });

    let messages = 0;
    const parts: Buffer[] = [];
    for await (const m of d.ws.downloadWorkspaceFile({ workspaceId: id, path: "big/blob.bin" })) {
      messages++;
      parts.push(Buffer.from(m.data));
    }
    const down = Buffer.concat(parts);
    expect(down.length).toBe(data.length);
    expect(down.equals(data)).toBe(true);
    expect(messages).toBeGreaterThan(1);

    const viaRest = await rest(d, "GET", `/v1/workspaces/${id}/fs/download?path=big/blob.bin`);
    expect(viaRest.status).toBe(200);
    expect(viaRest.body.equals(data)).toBe(true);

    // Multipart upload over REST, into a directory relative to the root.
    const form = new FormData();
    form.append("path", "incoming");
    form.append("file", new Blob([data]), "copy.bin");
    form.append("files", new Blob([text("second")]), "second.txt");
    const multi = await rest(d, "POST", `/v1/workspaces/${id}/fs/upload`, form);
    expect(multi.status).toBe(200);
    expect(multi.json).toEqual({ ok: true, paths: ["/incoming/copy.bin", "/incoming/second.txt"] });
    const copy = await collect(
      d.ws.downloadWorkspaceFile({ workspaceId: id, path: "incoming/copy.bin" }),
    );
    expect(copy.equals(data)).toBe(true);

    // And a session sees the very same bytes.
    const s = await newSession(d, id);
    expect(await sh(d, s, "sha256sum < big/blob.bin; sha256sum < incoming/copy.bin")).toBe(
      `${sha}  -\n${sha}  -\n`,
    );
    await d.api.sessions.destroySession({ id: s });
    await d.ws.deleteWorkspace({ id });
  });

  test("files and directories made through the API belong to uid 1000 in a later session, which can edit and remove them", async () => {
    const id = freshWorkspaceId("owner");
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "api/own.txt", content: text("api\n") });
    await d.ws.makeWorkspaceDir({ workspaceId: id, path: "made/deeper", parents: true });
    await d.ws.uploadWorkspaceFile(
      (async function* () {
        yield { workspaceId: id, path: "api/up.bin", data: text("up") };
      })(),
    );
    const form = new FormData();
    form.append("file", new Blob([text("multi")]), "multi.txt");
    expect((await rest(d, "POST", `/v1/workspaces/${id}/fs/upload`, form)).status).toBe(200);

    const s = await newSession(d, id);
    expect(
      await sh(
        d,
        s,
        "stat -c '%u:%g %n' /workspace /workspace/api /workspace/api/own.txt /workspace/api/up.bin /workspace/made /workspace/made/deeper /workspace/multi.txt",
      ),
    ).toBe(
      [
        "/workspace",
        "/workspace/api",
        "/workspace/api/own.txt",
        "/workspace/api/up.bin",
        "/workspace/made",
        "/workspace/made/deeper",
        "/workspace/multi.txt",
      ]
        .map((p) => `1000:1000 ${p}\n`)
        .join(""),
    );
    await sh(
      d,
      s,
      "echo shell >> api/own.txt && rm api/up.bin && touch made/deeper/new && rm made/deeper/new && rmdir made/deeper && echo edited > multi.txt",
    );
    expect(
      decode((await d.ws.readWorkspaceFile({ workspaceId: id, path: "api/own.txt" })).content),
    ).toBe("api\nshell\n");
    await d.api.sessions.destroySession({ id: s });
    await d.ws.deleteWorkspace({ id });
  });

  test("export (tar) → delete → import into a new id gives the same files, modes and links (compared in sessions)", async () => {
    const id = freshWorkspaceId("export");
    const s1 = await newSession(d, id);
    await sh(
      d,
      s1,
      [
        "cd /workspace",
        "mkdir -p src/lib empty 'with space'",
        "head -c 200000 /dev/urandom > src/data.bin",
        "printf 'print(1)\\n' > src/main.py",
        "printf '#!/bin/sh\\necho hi\\n' > src/lib/run.sh && chmod 755 src/lib/run.sh",
        "chmod 700 'with space' && echo s > 'with space/f.txt'",
        "ln -s src/main.py link-to-main",
        "ln -s missing dangling",
        "seq 1 50000 > src/lib/numbers.txt",
      ].join(" && "),
    );
    const manifest = await sh(d, s1, MANIFEST);
    expect(manifest).toContain("l 777 ./link-to-main src/main.py");
    expect(manifest).toContain("d 700 ./with space");
    await d.api.sessions.destroySession({ id: s1 });

    const tar = await collect(d.ws.exportWorkspace({ workspaceId: id }));
    expect(tar.length % 512).toBe(0);
    expect(tar.includes("src/data.bin")).toBe(true);
    const tarRest = await rest(d, "GET", `/v1/workspaces/${id}/archive`);
    expect(tarRest.status).toBe(200);
    expect(tarRest.body.length).toBe(tar.length);

    await d.ws.deleteWorkspace({ id });
    await expectCode(d.ws.getWorkspace({ id }), Code.NotFound);

    // gRPC import, in several messages.
    const id2 = freshWorkspaceId("import");
    const imported = await d.ws.importWorkspace(
      (async function* () {
        yield { workspaceId: id2 };
        for (let at = 0; at < tar.length; at += 64 * 1024)
          yield { data: tar.subarray(at, at + 64 * 1024) };
      })(),
    );
    expect(imported).toMatchObject({ files: 5n, dirs: 4n, symlinks: 2n });
    expect(imported.bytes).toBe((await d.ws.getWorkspace({ id: id2 })).workspace?.sizeBytes);

    // REST import of the REST export.
    const id3 = freshWorkspaceId("import-rest");
    const r = await rest(d, "POST", `/v1/workspaces/${id3}/archive`, tarRest.body);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, files: 5, dirs: 4, symlinks: 2 });

    for (const target of [id2, id3]) {
      const s = await newSession(d, target);
      expect(await sh(d, s, MANIFEST)).toBe(manifest);
      expect(await sh(d, s, "./src/lib/run.sh && stat -c %u src/data.bin")).toBe("hi\n1000\n");
      await d.api.sessions.destroySession({ id: s });
      await d.ws.deleteWorkspace({ id: target });
    }
  });
});
