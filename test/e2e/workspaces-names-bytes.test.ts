import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "../support/connect-errors.js";
import {
  DRIVERS,
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import { collect, newSession, rest, sh, storageExists } from "../support/workspace-helpers.js";

/**
 * Names in a workspace are bytes too. The session-less API lists names
 * that are not valid UTF-8 (text with U+FFFD, exact bytes beside it) and
 * reaches them with path_bytes (REST: path_base64), through the confined
 * helper, whose rules for byte paths are those for text paths.
 */

const latin = Buffer.from("caf\xe9", "latin1"); // "café" in latin-1: not UTF-8
const rootedBytes = (...parts: (Buffer | string)[]) =>
  Buffer.concat([Buffer.from("/"), ...parts.map((p) => Buffer.from(p as Buffer))]);
const b64 = (b: Buffer) => b.toString("base64");
const b64url = (b: Buffer) => b.toString("base64url");

const SECRET = "host canary: never readable, never changed\n";

describe.each(DRIVERS)("names that are not UTF-8 in a workspace (%s driver)", (driver) => {
  let d: WorkspaceDaemon;
  let canaryDir: string;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
    canaryDir = mkdtempSync("/tmp/skt-canary-");
    writeFileSync(join(canaryDir, "secret.txt"), SECRET);
    mkdirSync(join(canaryDir, "d"));
  });

  afterAll(async () => {
    await d?.stop();
    expect(readFileSync(join(canaryDir, "secret.txt"), "utf8")).toBe(SECRET);
    expect(readdirSync(canaryDir).sort()).toEqual(["d", "secret.txt"]);
    expect(readdirSync(join(canaryDir, "d"))).toEqual([]);
    rmSync(canaryDir, { recursive: true, force: true });
  });

  test("ListWorkspaceDir and Stat give every name ls gives, with name_bytes; REST with name_base64", async () => {
    const id = freshWorkspaceId("bytes");
    const s = await newSession(d, id);
    await sh(
      d,
      s,
      "cd /workspace && printf latin > $'caf\\xe9' && printf ok > plain.txt && mkdir $'d\\xff' && printf deep > $'d\\xff/inner'",
    );
    expect(await sh(d, s, "ls -A /workspace | wc -l")).toBe("3\n");
    await d.api.sessions.destroySession({ id: s });

    const listing = await d.ws.listWorkspaceDir({ workspaceId: id, path: "/" });
    expect(listing.truncated).toBe(false);
    expect(listing.entries.map((e) => e.name)).toEqual(["caf\uFFFD", "d\uFFFD", "plain.txt"]);
    const [file, dir, plain] = listing.entries;
    expect(Buffer.from(file?.nameBytes ?? []).equals(latin)).toBe(true);
    expect(Buffer.from(file?.pathBytes ?? []).equals(rootedBytes(latin))).toBe(true);
    expect(file).toMatchObject({ path: "/caf\uFFFD", size: 5n, isDir: false });
    expect(dir?.isDir).toBe(true);
    expect(plain?.nameBytes).toHaveLength(0);
    expect(plain?.pathBytes).toHaveLength(0);

    const inner = await d.ws.listWorkspaceDir({ workspaceId: id, pathBytes: dir?.pathBytes });
    expect(inner.entries.map((e) => e.name)).toEqual(["inner"]);
    expect(Buffer.from(inner.entries[0]?.pathBytes ?? []).toString("latin1")).toBe("/d\xff/inner");
    const stat = await d.ws.statWorkspacePath({ workspaceId: id, pathBytes: file?.pathBytes });
    expect(stat.info).toMatchObject({ name: "caf\uFFFD", size: 5n });
    expect(Buffer.from(stat.info?.nameBytes ?? []).equals(latin)).toBe(true);

    const restListing = await rest(d, "GET", `/v1/workspaces/${id}/fs?path=/`);
    expect(restListing.json.entries[0]).toMatchObject({
      name: "caf\uFFFD",
      name_base64: b64(latin),
      path_base64: b64(rootedBytes(latin)),
    });
    expect(restListing.json.entries[2]).not.toHaveProperty("name_base64");
    await d.ws.deleteWorkspace({ id });
  });

  test("gRPC and REST reach them with path_bytes / path_base64 on every file call", async () => {
    const id = freshWorkspaceId("bytes");
    const file = rootedBytes(latin);
    await d.ws.writeWorkspaceFile({ workspaceId: id, pathBytes: file, content: Buffer.from("v1") });
    const read = await d.ws.readWorkspaceFile({ workspaceId: id, pathBytes: file });
    expect(read).toMatchObject({ path: "/caf\uFFFD", isUtf8: true });
    expect(Buffer.from(read.content).toString()).toBe("v1");
    await d.ws.uploadWorkspaceFile(
      (async function* () {
        yield { workspaceId: id, pathBytes: file, data: Buffer.from("v2 ") };
        yield { data: Buffer.from("streamed") };
      })(),
    );
    const down = await collect(d.ws.downloadWorkspaceFile({ workspaceId: id, pathBytes: file }));
    expect(down.toString()).toBe("v2 streamed");
    const dir = rootedBytes(Buffer.from("\xfe", "latin1"));
    await d.ws.makeWorkspaceDir({
      workspaceId: id,
      pathBytes: Buffer.concat([dir, Buffer.from("/sub")]),
      parents: true,
    });

    const base = `/v1/workspaces/${id}/fs`;
    const p = b64url(file);
    const restRead = await rest(d, "GET", `${base}/read?path_base64=${p}`);
    expect(restRead.json).toMatchObject({ path: "/caf\uFFFD", text: "v2 streamed", size: 11 });
    expect((await rest(d, "GET", `${base}/stat?path_base64=${p}`)).json).toMatchObject({
      name_base64: b64(latin),
    });
    // Content that is not UTF-8: no text, is_utf8 false.
    await d.ws.writeWorkspaceFile({ workspaceId: id, path: "bin", content: latin });
    expect((await d.ws.readWorkspaceFile({ workspaceId: id, path: "bin" })).isUtf8).toBe(false);
    const binary = await rest(d, "GET", `${base}/read?path=bin`);
    expect(binary.json).toMatchObject({ content_base64: b64(latin), size: 4 });
    expect(binary.json).not.toHaveProperty("text");
    await d.ws.removeWorkspacePath({ workspaceId: id, path: "bin" });
    const restDown = await rest(d, "GET", `${base}/download?path_base64=${p}`);
    expect(restDown.body.toString()).toBe("v2 streamed");
    expect(
      (await rest(d, "POST", `${base}/write`, { path_base64: b64(file), text: "rewritten" }))
        .status,
    ).toBe(200);
    const restDir = rootedBytes(Buffer.from("r\xff", "latin1"));
    expect((await rest(d, "POST", `${base}/mkdir`, { path_base64: b64(restDir) })).status).toBe(
      200,
    );
    const form = new FormData();
    form.append("path_base64", b64(restDir));
    form.append("file", new Blob(["uploaded"]), "up.txt");
    const up = await rest(d, "POST", `${base}/upload`, form);
    expect(up.status).toBe(200);

    const s = await newSession(d, id);
    expect(
      await sh(d, s, "cat /workspace/$'caf\\xe9'; echo; cat /workspace/$'r\\xff'/up.txt"),
    ).toBe("rewritten\nuploaded");
    expect(await sh(d, s, "test -d /workspace/$'\\xfe'/sub && echo yes")).toBe("yes\n");
    await d.api.sessions.destroySession({ id: s });

    expect(
      (await rest(d, "DELETE", `${base}?path_base64=${b64url(restDir)}&recursive=true`)).status,
    ).toBe(200);
    await d.ws.removeWorkspacePath({ workspaceId: id, pathBytes: dir, recursive: true });
    await d.ws.removeWorkspacePath({ workspaceId: id, pathBytes: file });
    expect((await d.ws.listWorkspaceDir({ workspaceId: id, path: "/" })).entries).toEqual([]);
    await d.ws.deleteWorkspace({ id });
  });

  test("byte paths are confined like text paths: '..', NUL, absolute, planted links", async () => {
    const id = freshWorkspaceId("bytesc");
    const s = await newSession(d, id);
    await sh(
      d,
      s,
      `cd /workspace && ln -s ${canaryDir} $'c\\xff' && ln -s /etc $'x\\xfe' && mkdir sub && echo in > sub/in.txt`,
    );
    await d.api.sessions.destroySession({ id: s });
    const ws = { workspaceId: id };
    const climbing = [
      Buffer.from("../secret.txt"),
      Buffer.from("\xff/../../x", "latin1"),
      Buffer.from("sub/../../../etc/passwd"),
      Buffer.from(".."),
    ];
    for (const pathBytes of climbing) {
      const err = await expectCode(
        d.ws.readWorkspaceFile({ ...ws, pathBytes }),
        Code.InvalidArgument,
      );
      expect(err.rawMessage).toMatch(/leaves the workspace/);
      await expectCode(
        d.ws.writeWorkspaceFile({ ...ws, pathBytes, content: Buffer.from("evil") }),
        Code.InvalidArgument,
      );
    }
    const nul = await expectCode(
      d.ws.statWorkspacePath({ ...ws, pathBytes: Buffer.from("sub/\0in.txt") }),
      Code.InvalidArgument,
    );
    expect(nul.rawMessage).toMatch(/NUL/);
    await expectCode(
      d.ws.readWorkspaceFile({ ...ws, path: "sub/in.txt", pathBytes: Buffer.from("sub/in.txt") }),
      Code.InvalidArgument,
    );
    // Absolute means inside the workspace.
    const abs = await d.ws.readWorkspaceFile({ ...ws, pathBytes: Buffer.from("/sub/in.txt") });
    expect(Buffer.from(abs.content).toString()).toBe("in\n");
    await expectCode(
      d.ws.readWorkspaceFile({ ...ws, pathBytes: Buffer.from("/etc/passwd") }),
      Code.NotFound,
    );

    const viaLink: [string, () => Promise<unknown>][] = [
      [
        "read c\\xff/secret.txt",
        () =>
          d.ws.readWorkspaceFile({ ...ws, pathBytes: Buffer.from("c\xff/secret.txt", "latin1") }),
      ],
      [
        "read x\\xfe/passwd",
        () => d.ws.readWorkspaceFile({ ...ws, pathBytes: Buffer.from("x\xfe/passwd", "latin1") }),
      ],
      [
        "write c\\xff/new",
        () =>
          d.ws.writeWorkspaceFile({
            ...ws,
            pathBytes: Buffer.from("c\xff/new", "latin1"),
            content: Buffer.from("evil"),
          }),
      ],
      [
        "mkdir c\\xff/d/e",
        () =>
          d.ws.makeWorkspaceDir({
            ...ws,
            pathBytes: Buffer.from("c\xff/d/e", "latin1"),
            parents: true,
          }),
      ],
      [
        "list c\\xff",
        () => d.ws.listWorkspaceDir({ ...ws, pathBytes: Buffer.from("c\xff", "latin1") }),
      ],
      [
        "remove c\\xff/secret.txt",
        () =>
          d.ws.removeWorkspacePath({ ...ws, pathBytes: Buffer.from("c\xff/secret.txt", "latin1") }),
      ],
      [
        "download c\\xff/secret.txt",
        () =>
          collect(
            d.ws.downloadWorkspaceFile({
              ...ws,
              pathBytes: Buffer.from("c\xff/secret.txt", "latin1"),
            }),
          ),
      ],
    ];
    for (const [name, call] of viaLink) {
      const err = await expectCode(call, Code.InvalidArgument).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
      expect(err.rawMessage, name).toMatch(/leads outside the workspace/);
      expect(err.rawMessage, name).not.toContain("host canary");
    }
    // The link itself can go: it is removed, never followed.
    await d.ws.removeWorkspacePath({ ...ws, pathBytes: Buffer.from("c\xff", "latin1") });
    expect(readFileSync(join(canaryDir, "secret.txt"), "utf8")).toBe(SECRET);

    const restBad = await rest(
      d,
      "GET",
      `/v1/workspaces/${id}/fs/read?path_base64=${b64url(Buffer.from("../secret.txt"))}`,
    );
    expect(restBad.status).toBe(400);
    expect(restBad.json.error).toMatch(/leaves the workspace/);
    await d.ws.deleteWorkspace({ id });
  });

  test("a workspace holding names that are not UTF-8 can be deleted, and its archive keeps them", async () => {
    const id = freshWorkspaceId("bytesd");
    const s = await newSession(d, id);
    await sh(
      d,
      s,
      "cd /workspace && mkdir $'d\\xff' && printf x > $'d\\xff'/$'caf\\xe9' && printf y > $'\\xfe'",
    );
    await d.api.sessions.destroySession({ id: s });

    const archive = await collect(d.ws.exportWorkspace({ workspaceId: id }));
    const copy = freshWorkspaceId("bytesd");
    await d.ws.importWorkspace(
      (async function* () {
        yield { workspaceId: copy, data: archive };
      })(),
    );
    const copied = await d.ws.readWorkspaceFile({
      workspaceId: copy,
      pathBytes: Buffer.from("d\xff/caf\xe9", "latin1"),
    });
    expect(Buffer.from(copied.content).toString()).toBe("x");

    for (const w of [id, copy]) {
      await d.ws.deleteWorkspace({ id: w });
      expect(await storageExists(d, driver, w)).toBe(false);
    }
  });
});
