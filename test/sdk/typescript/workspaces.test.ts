import {
  ConflictError,
  NotFoundError,
  SandboxClient,
  SandkastenError,
  type Workspace,
} from "@sandkasten/client";
import { SandboxClient as WebSandboxClient } from "@sandkasten/client/web";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  freshWorkspaceId,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../../support/workspace-daemon.js";
import { bytesOf, inPieces } from "./helpers.js";

// Persistent workspaces: the client's workspace calls and the file calls of
// a Workspace handle, which need no session.

let daemon: WorkspaceDaemon;
let client: SandboxClient;
beforeAll(async () => {
  daemon = await startWorkspaceDaemon();
  client = new SandboxClient({ baseUrl: daemon.url, apiKey: daemon.apiKey });
});
afterAll(async () => {
  client.close();
  await daemon.stop();
});

describe("a workspace's files without a session", () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = client.workspace(freshWorkspaceId("sdk"));
  });

  test("write creates the workspace; read, stat, list, mkdir and remove work on it", async () => {
    expect(await ws.write("src/main.py", "print('hi')\n")).toEqual({
      path: "/src/main.py",
      size: 12,
    });
    expect(await ws.readText("src/main.py")).toBe("print('hi')\n");
    expect(await ws.stat("src/main.py")).toMatchObject({ name: "main.py", size: 12 });
    expect(await ws.mkdir("docs/notes", { parents: true })).toBe("/docs/notes");
    expect((await ws.list()).map((e) => [e.name, e.isDir])).toEqual([
      ["docs", true],
      ["src", true],
    ]);
    await ws.remove("docs", { recursive: true });
    await expect(ws.stat("docs")).rejects.toBeInstanceOf(NotFoundError);
    expect(new TextDecoder().decode(await ws.read("src/main.py", { maxBytes: 5 }))).toBe("print");
  });

  test("upload in pieces, download and downloadStream round-trip a large file", async () => {
    const bytes = bytesOf(2 * 1024 * 1024 + 3);
    expect((await ws.upload("blob.bin", inPieces(bytes, 300_000))).size).toBe(bytes.length);
    expect(Buffer.from(await ws.download("blob.bin")).equals(Buffer.from(bytes))).toBe(true);
    let length = 0;
    for await (const chunk of ws.downloadStream("blob.bin")) length += chunk.length;
    expect(length).toBe(bytes.length);
  });

  test("exportTar then importTar copies the workspace into another", async () => {
    const copy = client.workspace(freshWorkspaceId("sdk-copy"));
    const result = await copy.importTar(ws.exportTar());
    expect(result.files).toBeGreaterThanOrEqual(2);
    expect(await copy.readText("src/main.py")).toBe("print('hi')\n");
    expect((await copy.stat("blob.bin")).size).toBe(2 * 1024 * 1024 + 3);
    await client.deleteWorkspace(copy.id);
  });

  test("getWorkspace and listWorkspaces report it", async () => {
    const info = await client.getWorkspace(ws.id);
    expect(info).toMatchObject({ id: ws.id, sessionIds: [] });
    expect(info.sizeBytes).toBeGreaterThan(0);
    expect((await client.listWorkspaces()).map((w) => w.id)).toContain(ws.id);
  });

  test("the web entry uploads by a unary write and refuses importTar", async () => {
    const web = new WebSandboxClient({ baseUrl: daemon.url, apiKey: daemon.apiKey });
    const webWs = web.workspace(ws.id);
    expect((await webWs.upload("web.txt", inPieces(bytesOf(10_000), 999))).size).toBe(10_000);
    const err = await webWs.importTar(new Uint8Array()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandkastenError);
    expect(err).toMatchObject({ code: "unimplemented" });
    web.close();
  });
});

describe("workspaces and sessions", () => {
  test("a session with workspaceId sees the files; delete is refused while attached, forced it goes", async () => {
    const id = freshWorkspaceId("sdk-attached");
    await client.workspace(id).write("hello.txt", "from the workspace\n");
    const session = await client.createSession({ image: "base", workspaceId: id });
    expect(session.info.workspaceId).toBe(id);
    expect((await session.exec("cat /workspace/hello.txt")).output).toBe("from the workspace\n");
    await session.write("/workspace/back.txt", "from the session");
    expect(await client.workspace(id).readText("back.txt")).toBe("from the session");

    const refused = await client.deleteWorkspace(id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    await client.deleteWorkspace(id, { force: true });
    expect((await session.refresh()).status).toBe("destroyed");
    await expect(client.getWorkspace(id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
