import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
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
  restRaw,
  sh,
  text,
} from "../support/workspace-helpers.js";
import { type TarEntry, tarArchive } from "../support/workspace-tar.js";

/**
 * The workspace API works on the host, without a session, in a directory a
 * sandbox fills. Whatever links the sandbox plants there and whatever names
 * a caller sends, nothing outside the workspace is read or changed.
 */

const SECRET = "host canary: never readable, never changed\n";

interface Canary {
  dir: string;
  file: string;
  emptyDir: string;
  passwd: string;
  passwdMtime: number;
}

function makeCanary(): Canary {
  const dir = mkdtempSync("/tmp/skt-canary-");
  const file = join(dir, "secret.txt");
  const emptyDir = join(dir, "d");
  writeFileSync(file, SECRET);
  mkdirSync(emptyDir);
  return {
    dir,
    file,
    emptyDir,
    passwd: readFileSync("/etc/passwd", "utf8"),
    passwdMtime: statSync("/etc/passwd").mtimeMs,
  };
}

function expectHostUntouched(c: Canary): void {
  expect(readFileSync(c.file, "utf8")).toBe(SECRET);
  expect(readdirSync(c.dir).sort()).toEqual(["d", "secret.txt"]);
  expect(readdirSync(c.emptyDir)).toEqual([]);
  expect(readFileSync("/etc/passwd", "utf8")).toBe(c.passwd);
  expect(statSync("/etc/passwd").mtimeMs).toBe(c.passwdMtime);
  for (const p of ["/etc/evil", "/evil", "/abs.txt", "/x.txt", "/escape.txt", "/etc/sub"]) {
    expect(existsSync(p), p).toBe(false);
  }
}

describe.each(DRIVERS)("escapes from a workspace (%s driver)", (driver) => {
  let d: WorkspaceDaemon;
  let c: Canary;
  let id: string;
  /** The workspace's directory on the host, and what its parent held before. */
  let root: string;
  let parentBefore: string[];

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
    c = makeCanary();
    id = freshWorkspaceId("escape");
    const s = await newSession(d, id);
    await sh(
      d,
      s,
      [
        "cd /workspace",
        "ln -s /etc x",
        "ln -s /etc/passwd p",
        `ln -s ${c.file} c`,
        `ln -s ${c.emptyDir} cd`,
        "ln -s /nonexistent dang",
        "ln -s missing/file dang-rel",
        "ln -s ../../../../../../.. up",
        "mkdir sub && echo inside > sub/in.txt",
      ].join(" && "),
    );
    // From here on, no session: only the workspace API.
    await d.api.sessions.destroySession({ id: s });
    root = (await d.daemon.ctx.workspaces.files(id)).root;
    parentBefore = readdirSync(dirname(root)).sort();
  });

  afterAll(async () => {
    await d?.stop();
    expectHostUntouched(c);
    rmSync(c.dir, { recursive: true, force: true });
  });

  /** The workspace's parent directory holds what it held (and the fresh "tar-" workspaces). */
  function expectOutsideUntouched(): void {
    expectHostUntouched(c);
    const parent = readdirSync(dirname(root)).filter((n) => !n.startsWith("tar-"));
    expect(parent.sort()).toEqual(parentBefore);
  }

  const ws = () => ({ workspaceId: id });
  const upload = (path: string, data = "evil") =>
    d.ws.uploadWorkspaceFile(
      (async function* () {
        yield { workspaceId: id, path };
        yield { data: text(data) };
      })(),
    );

  test("links leading outside: every read, write, mkdir, list, stat and transfer through them is InvalidArgument", async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ["read x/passwd", () => d.ws.readWorkspaceFile({ ...ws(), path: "x/passwd" })],
      ["read p", () => d.ws.readWorkspaceFile({ ...ws(), path: "p" })],
      ["read c", () => d.ws.readWorkspaceFile({ ...ws(), path: "c" })],
      ["download c", () => collect(d.ws.downloadWorkspaceFile({ ...ws(), path: "c" }))],
      [
        "download x/passwd",
        () => collect(d.ws.downloadWorkspaceFile({ ...ws(), path: "x/passwd" })),
      ],
      ["write c", () => d.ws.writeWorkspaceFile({ ...ws(), path: "c", content: text("evil") })],
      [
        "write cd/new.txt",
        () => d.ws.writeWorkspaceFile({ ...ws(), path: "cd/new.txt", content: text("evil") }),
      ],
      [
        "write x/evil",
        () => d.ws.writeWorkspaceFile({ ...ws(), path: "x/evil", content: text("evil") }),
      ],
      [
        "write x/sub/evil",
        () => d.ws.writeWorkspaceFile({ ...ws(), path: "x/sub/evil", content: text("evil") }),
      ],
      [
        "write up/etc/evil",
        () => d.ws.writeWorkspaceFile({ ...ws(), path: "up/etc/evil", content: text("evil") }),
      ],
      ["upload c", () => upload("c")],
      ["upload cd/up.txt", () => upload("cd/up.txt")],
      ["upload x/evil", () => upload("x/evil")],
      ["mkdir cd/sub", () => d.ws.makeWorkspaceDir({ ...ws(), path: "cd/sub" })],
      [
        "mkdir -p cd/sub/deeper",
        () => d.ws.makeWorkspaceDir({ ...ws(), path: "cd/sub/deeper", parents: true }),
      ],
      ["mkdir x/sub", () => d.ws.makeWorkspaceDir({ ...ws(), path: "x/sub" })],
      ["list cd", () => d.ws.listWorkspaceDir({ ...ws(), path: "cd" })],
      ["list x", () => d.ws.listWorkspaceDir({ ...ws(), path: "x" })],
      ["list up", () => d.ws.listWorkspaceDir({ ...ws(), path: "up" })],
      ["stat up/etc", () => d.ws.statWorkspacePath({ ...ws(), path: "up/etc" })],
      ["stat x/passwd", () => d.ws.statWorkspacePath({ ...ws(), path: "x/passwd" })],
      ["remove x/passwd", () => d.ws.removeWorkspacePath({ ...ws(), path: "x/passwd" })],
      [
        "remove -r cd/anything",
        () => d.ws.removeWorkspacePath({ ...ws(), path: "cd/anything", recursive: true }),
      ],
      // An absolute target is outside the workspace, whether it exists or not.
      ["read dang", () => d.ws.readWorkspaceFile({ ...ws(), path: "dang" })],
    ];
    for (const [name, call] of calls) {
      const err = await expectCode(call, Code.InvalidArgument).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
      expect(err.rawMessage, name).toMatch(/leads outside the workspace/);
      expect(err.rawMessage, name).not.toContain("host canary");
      expect(err.rawMessage, name).not.toContain("root:x:0:0");
      expectOutsideUntouched();
    }
  });

  test("the same over REST: 400 with a clear error, nothing read, nothing written", async () => {
    const base = `/v1/workspaces/${id}`;
    for (const [method, path, body] of [
      ["GET", `${base}/fs/read?path=x/passwd`, undefined],
      ["GET", `${base}/fs/read?path=p`, undefined],
      ["GET", `${base}/fs/read?path=c`, undefined],
      ["GET", `${base}/fs/download?path=c`, undefined],
      ["GET", `${base}/fs?path=cd`, undefined],
      ["GET", `${base}/fs/stat?path=up/etc`, undefined],
      ["POST", `${base}/fs/write`, { path: "c", text: "evil" }],
      ["POST", `${base}/fs/write`, { path: "cd/new.txt", text: "evil" }],
      ["POST", `${base}/fs/write`, { path: "x/evil", text: "evil" }],
      ["POST", `${base}/fs/mkdir`, { path: "cd/sub", parents: true }],
    ] as const) {
      const r = await rest(d, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.json.error, `${method} ${path}`).toMatch(/leads outside the workspace/);
      expectOutsideUntouched();
    }
    // A multipart upload into a directory that is a link out.
    const form = new FormData();
    form.append("path", "cd");
    form.append("file", new Blob([text("evil")]), "up.txt");
    const r = await rest(d, "POST", `${base}/fs/upload`, form);
    expect(r.status).toBe(400);
    expectOutsideUntouched();
  });

  test("a dangling link inside the workspace is NotFound; stat and list describe links without following them", async () => {
    await expectCode(d.ws.readWorkspaceFile({ ...ws(), path: "dang-rel" }), Code.NotFound);
    await expectCode(d.ws.listWorkspaceDir({ ...ws(), path: "dang-rel" }), Code.NotFound);
    await expectCode(d.ws.statWorkspacePath({ ...ws(), path: "dang-rel/x" }), Code.NotFound);
    expect((await rest(d, "GET", `/v1/workspaces/${id}/fs/read?path=dang-rel`)).status).toBe(404);

    const listing = await d.ws.listWorkspaceDir({ ...ws(), path: "" });
    const links = listing.entries
      .filter((e) => e.isSymlink)
      .map((e) => e.name)
      .sort();
    expect(links).toEqual(["c", "cd", "dang", "dang-rel", "p", "up", "x"]);
    for (const e of listing.entries.filter((e) => e.isSymlink)) expect(e.isDir, e.name).toBe(false);
    const st = (await d.ws.statWorkspacePath({ ...ws(), path: "c" })).info;
    expect(st).toMatchObject({ isSymlink: true, isDir: false });
    expect(Number(st?.size)).toBe(c.file.length);
    // Even with a trailing slash, stat shows the link, not the directory behind it.
    const dirLink = (await d.ws.statWorkspacePath({ ...ws(), path: "cd/" })).info;
    expect(dirLink).toMatchObject({ name: "cd", isSymlink: true, isDir: false });
    expect(Number(dirLink?.size)).toBe(c.emptyDir.length);

    // The archive holds the links as links, never what they point at.
    const tar = await collect(d.ws.exportWorkspace(ws()));
    expect(tar.includes("host canary")).toBe(false);
    expect(tar.includes("root:x:0:0")).toBe(false);
    expect(tar.includes(c.file)).toBe(true);
    expectOutsideUntouched();
  });

  test("'..' and NUL in paths are InvalidArgument; an absolute-looking path resolves inside the workspace", async () => {
    for (const path of [
      "../etc/passwd",
      "sub/../../x",
      "..",
      "sub/..",
      `../${"x".repeat(10)}`,
      "a/../b",
    ]) {
      for (const [name, call] of [
        ["read", () => d.ws.readWorkspaceFile({ ...ws(), path })],
        ["write", () => d.ws.writeWorkspaceFile({ ...ws(), path, content: text("evil") })],
        ["mkdir", () => d.ws.makeWorkspaceDir({ ...ws(), path, parents: true })],
        ["remove", () => d.ws.removeWorkspacePath({ ...ws(), path, recursive: true })],
        ["stat", () => d.ws.statWorkspacePath({ ...ws(), path })],
        ["list", () => d.ws.listWorkspaceDir({ ...ws(), path })],
        ["upload", () => upload(path)],
      ] as const) {
        const err = await expectCode(call, Code.InvalidArgument).catch((e: Error) => {
          throw new Error(`${name} ${path}: ${e.message}`);
        });
        expect(err.rawMessage, `${name} ${path}`).toMatch(/leaves the workspace/);
      }
      expectOutsideUntouched();
    }
    for (const path of ["a\0b", "sub/in.txt\0/etc/passwd", "\0"]) {
      await expectCode(d.ws.readWorkspaceFile({ ...ws(), path }), Code.InvalidArgument);
      await expectCode(
        d.ws.writeWorkspaceFile({ ...ws(), path, content: text("x") }),
        Code.InvalidArgument,
      );
      await expectCode(d.ws.statWorkspacePath({ ...ws(), path }), Code.InvalidArgument);
      await expectCode(d.ws.listWorkspaceDir({ ...ws(), path }), Code.InvalidArgument);
      await expectCode(d.ws.makeWorkspaceDir({ ...ws(), path }), Code.InvalidArgument);
      await expectCode(d.ws.removeWorkspacePath({ ...ws(), path }), Code.InvalidArgument);
      await expectCode(upload(path), Code.InvalidArgument);
    }
    // Over REST (raw, so that nothing cleans the path on the way).
    for (const [method, path, body] of [
      ["GET", `/v1/workspaces/${id}/fs/read?path=../etc/passwd`, undefined],
      ["GET", `/v1/workspaces/${id}/fs/read?path=sub/../../x`, undefined],
      ["GET", `/v1/workspaces/${id}/fs/read?path=a%00b`, undefined],
      ["GET", `/v1/workspaces/${id}/fs?path=..`, undefined],
      ["POST", `/v1/workspaces/${id}/fs/write`, { path: "../evil", text: "evil" }],
      ["POST", `/v1/workspaces/${id}/fs/write`, { path: "a\u0000b", text: "evil" }],
      ["DELETE", `/v1/workspaces/${id}/fs?path=..&recursive=true`, undefined],
    ] as const) {
      const r = await restRaw(d, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.json.error, `${method} ${path}`).toBeTruthy();
    }

    // "/etc/passwd" is the workspace's etc/passwd: there is none.
    const nf = await expectCode(
      d.ws.readWorkspaceFile({ ...ws(), path: "/etc/passwd" }),
      Code.NotFound,
    );
    expect(nf.rawMessage).toContain("/etc/passwd");
    await expectCode(d.ws.statWorkspacePath({ ...ws(), path: "/etc" }), Code.NotFound);
    expect((await rest(d, "GET", `/v1/workspaces/${id}/fs/read?path=/etc/passwd`)).status).toBe(
      404,
    );
    // ... and writing there makes one inside the workspace.
    await d.ws.writeWorkspaceFile({ ...ws(), path: "/etc/evil", content: text("inside") });
    expect(decode((await d.ws.readWorkspaceFile({ ...ws(), path: "etc/evil" })).content)).toBe(
      "inside",
    );
    await d.ws.removeWorkspacePath({ ...ws(), path: "/etc", recursive: true });
    expectOutsideUntouched();
  });

  test("uploads named '../evil' or 'a/b' are refused (REST 400) and write nothing", async () => {
    for (const filename of ["../evil", "a/b", "..", "/etc/evil", "..\\evil"]) {
      const form = new FormData();
      form.append("file", new Blob([text("evil")]), filename);
      const r = await rest(d, "POST", `/v1/workspaces/${id}/fs/upload`, form);
      expect(r.status, filename).toBe(400);
      expect(r.json.error, filename).toMatch(/upload filename/);
    }
    // A target directory that climbs out.
    const form = new FormData();
    form.append("path", "../..");
    form.append("file", new Blob([text("evil")]), "evil");
    expect((await rest(d, "POST", `/v1/workspaces/${id}/fs/upload`, form)).status).toBe(400);
    const names = (await d.ws.listWorkspaceDir({ ...ws(), path: "" })).entries.map((e) => e.name);
    expect(names).not.toContain("evil");
    expect(names).not.toContain("a");
    expectOutsideUntouched();
  });

  test("archives with entries that would land outside are InvalidArgument naming the entry (gRPC and REST)", async () => {
    // What the error must name, and the archive.
    const cases: [string, TarEntry[]][] = [
      ["../escape.txt", [{ name: "../escape.txt", content: "evil" }]],
      ["/abs.txt", [{ name: "/abs.txt", content: "evil" }]],
      ["a/../../x.txt", [{ name: "a/../../x.txt", content: "evil" }]],
      [
        "../../../../../../../../etc/evil",
        [{ name: "../../../../../../../../etc/evil", content: "evil" }],
      ],
      // A good entry first: the bad one still fails the import.
      [
        "../escape.txt",
        [
          { name: "ok.txt", content: "ok" },
          { name: "../escape.txt", content: "evil" },
        ],
      ],
      // A link to the outside, then a file "in" it.
      [
        "l/evil.txt",
        [
          { name: "l", type: "symlink", linkname: c.emptyDir },
          { name: "l/evil.txt", content: "evil" },
        ],
      ],
      // A hard link to a file outside.
      [
        "../../../../../../../../etc/passwd",
        [{ name: "h", type: "hardlink", linkname: "../../../../../../../../etc/passwd" }],
      ],
      ["/etc/passwd", [{ name: "h", type: "hardlink", linkname: "/etc/passwd" }]],
    ];
    // Through a link the sandbox planted (only in that workspace).
    const planted: [string, TarEntry[]][] = [
      ["cd/evil.txt", [{ name: "cd/evil.txt", content: "evil" }]],
      ["x/evil", [{ name: "x/evil", content: "evil" }]],
      ["up/etc/evil", [{ name: "up/etc/evil", content: "evil" }]],
    ];
    for (const [entry, entries] of [...cases, ...planted]) {
      const target = freshWorkspaceId("tar");
      // Into a fresh workspace, and into the one with the planted links.
      const targets = cases.some((k) => k[1] === entries) ? [target, id] : [id];
      for (const into of targets) {
        const archive = tarArchive(entries);
        const err = await expectCode(
          d.ws.importWorkspace(
            (async function* () {
              yield { workspaceId: into };
              yield { data: archive };
            })(),
          ),
          Code.InvalidArgument,
        ).catch((e: Error) => {
          throw new Error(`${entry} into ${into}: ${e.message}`);
        });
        expect(err.rawMessage, entry).toContain(`${entry}"`);
        const r = await rest(d, "POST", `/v1/workspaces/${into}/archive`, archive);
        expect(r.status, entry).toBe(400);
        expect(r.json.error, entry).toContain(`${entry}"`);
        expectOutsideUntouched();
        // A volume's directory holds only its data directory.
        const parent = dirname((await d.daemon.ctx.workspaces.files(into)).root);
        if (driver === "volume") expect(readdirSync(parent)).toEqual(["_data"]);
      }
      if (targets.includes(target)) await d.ws.deleteWorkspace({ id: target });
    }
    // The archives' "l" (a link to the canary directory) went in before its
    // bad entry failed the import; removing it leaves the canary alone.
    await d.ws.removeWorkspacePath({ ...ws(), path: "l", recursive: true });
    await d.ws.removeWorkspacePath({ ...ws(), path: "ok.txt" });
    expectOutsideUntouched();
  });

  test("removing a link removes the link only, never what it points at", async () => {
    await d.ws.removeWorkspacePath({ ...ws(), path: "c" });
    await d.ws.removeWorkspacePath({ ...ws(), path: "cd", recursive: true });
    const r = await rest(d, "DELETE", `/v1/workspaces/${id}/fs?path=x&recursive=true`);
    expect(r.status).toBe(200);
    await d.ws.removeWorkspacePath({ ...ws(), path: "up", recursive: true });
    await d.ws.removeWorkspacePath({ ...ws(), path: "p" });
    const names = (await d.ws.listWorkspaceDir({ ...ws(), path: "" })).entries
      .map((e) => e.name)
      .sort();
    expect(names).toEqual(["dang", "dang-rel", "sub"]);
    expectOutsideUntouched();

    // Deleting the workspace (links and all) leaves the outside as it was.
    const s = await newSession(d, id);
    await sh(
      d,
      s,
      `ln -s ${c.file} /workspace/c2 && ln -s ${c.dir} /workspace/cd2 && ln -s / /workspace/slash`,
    );
    await d.ws.deleteWorkspace({ id, force: true });
    expectHostUntouched(c);
    expect(existsSync(root)).toBe(false);
  });
});
