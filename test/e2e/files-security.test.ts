import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll } from "vitest";
import { expectCode } from "../support/connect-errors.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import { dataPath } from "../support/test-daemon.js";

/**
 * The sandbox controls every name under its own filesystem. Symlinks it
 * plants and `..` it climbs must resolve inside its container, never on the
 * host the daemon runs on.
 */

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

const CANARY_TEXT = "host canary: must never change\n";
let canaryDir = "";
let canary = "";

beforeAll(() => {
  canaryDir = mkdtempSync("/tmp/skt-canary-");
  canary = join(canaryDir, "canary.txt");
  writeFileSync(canary, CANARY_TEXT);
});

afterAll(() => {
  rmSync(canaryDir, { recursive: true, force: true });
});

function expectCanaryUntouched(): void {
  expect(readFileSync(canary, "utf8")).toBe(CANARY_TEXT);
  expect(readdirSync(canaryDir)).toEqual(["canary.txt"]);
}

describe("symlinks planted by the sandbox", () => {
  test("writing through a link to /etc fails with a clear error and creates nothing on the host", async ({
    api,
    session,
  }) => {
    expect(existsSync("/etc/sandkasten-canary")).toBe(false);
    await run(api, session.id, "ln -s /etc /workspace/etc-link");
    const err = await expectCode(
      api.fs.writeFile({
        sessionId: session.id,
        path: "etc-link/sandkasten-canary",
        content: text("pwned"),
      }),
      Code.FailedPrecondition,
    );
    expect(err.rawMessage).toBe("read-only file system: /workspace/etc-link/sandkasten-canary");
    expect(existsSync("/etc/sandkasten-canary")).toBe(false);
    const upload = (async function* () {
      yield { sessionId: session.id, path: "etc-link/sandkasten-canary" };
      yield { data: text("pwned") };
    })();
    await expectCode(api.fs.upload(upload), Code.FailedPrecondition);
    expect(existsSync("/etc/sandkasten-canary")).toBe(false);
    await expectCode(
      api.fs.makeDir({ sessionId: session.id, path: "etc-link/sandkasten-dir" }),
      Code.FailedPrecondition,
    );
    expect(existsSync("/etc/sandkasten-dir")).toBe(false);
  });

  test("reading through a link to /etc reads the container's /etc, not the host's", async ({
    api,
    session,
  }) => {
    await run(api, session.id, "ln -s /etc /workspace/etc-link");
    const passwd = decode(
      (await api.fs.readFile({ sessionId: session.id, path: "etc-link/passwd" })).content,
    );
    const inside = await run(api, session.id, "cat /etc/passwd");
    expect(passwd).toBe(inside.output);
    expect(passwd).toMatch(/^sandbox:x:1000:1000:/m);
    expect(readFileSync("/etc/passwd", "utf8")).not.toBe(passwd);
  });

  test("links to a host file and its directory: reads are NotFound, writes stay in the container, the canary is unchanged", async ({
    api,
    session,
  }) => {
    await run(
      api,
      session.id,
      `ln -s ${canary} /workspace/to-file && ln -s ${canaryDir} /workspace/to-dir`,
    );
    for (const path of ["to-file", "to-dir/canary.txt", canary]) {
      const err = await expectCode(api.fs.readFile({ sessionId: session.id, path }), Code.NotFound);
      expect(err.rawMessage).toMatch(/no such file or directory/);
    }
    await expectCode(api.fs.listDir({ sessionId: session.id, path: "to-dir" }), Code.NotFound);
    await expectCode(async () => {
      for await (const _ of api.fs.download({ sessionId: session.id, path: "to-file" })) {
        // must not get here
      }
    }, Code.NotFound);

    // A write follows the link like open(2) would: inside the container,
    // where that path is on the container's own /tmp.
    await api.fs.writeFile({
      sessionId: session.id,
      path: "to-file",
      content: text("overwritten?"),
    });
    await api.fs.writeFile({
      sessionId: session.id,
      path: "to-dir/canary.txt",
      content: text("overwritten!"),
    });
    await api.fs.writeFile({ sessionId: session.id, path: "to-dir/new.txt", content: text("new") });
    await api.fs.remove({ sessionId: session.id, path: "to-dir/new.txt" });
    const inside = await run(api, session.id, `cat ${canary}`);
    expect(inside.output).toBe("overwritten!");
    expectCanaryUntouched();
  });

  test("links to the daemon's own files on the host (its database, the session's socket dir) reach nothing", async ({
    daemon,
    api,
    session,
  }) => {
    const db = dataPath(daemon, "sandkasten.db");
    const socketDir = dataPath(daemon, "sessions", session.id);
    expect(existsSync(db)).toBe(true);
    await run(api, session.id, `ln -s ${db} /workspace/db && ln -s ${socketDir} /workspace/sock`);
    await expectCode(api.fs.readFile({ sessionId: session.id, path: "db" }), Code.NotFound);
    await expectCode(api.fs.listDir({ sessionId: session.id, path: "sock" }), Code.NotFound);
    // Like open(2): a link in the middle of the path that leads nowhere is ENOENT.
    await expectCode(
      api.fs.writeFile({ sessionId: session.id, path: "sock/planted", content: text("x") }),
      Code.NotFound,
    );
    expect(existsSync(join(socketDir, "planted"))).toBe(false);
    expect(readdirSync(socketDir)).toEqual(["runner.sock"]);
  });

  test("a dangling link: reads are NotFound, Stat shows the link, a write creates its target like open(2)", async ({
    api,
    session,
  }) => {
    await run(api, session.id, "ln -s /workspace/later/target.txt /workspace/dangling");
    await expectCode(api.fs.readFile({ sessionId: session.id, path: "dangling" }), Code.NotFound);
    const info = (await api.fs.stat({ sessionId: session.id, path: "dangling" })).info;
    expect(info).toMatchObject({ isSymlink: true, isDir: false });
    await api.fs.writeFile({
      sessionId: session.id,
      path: "dangling",
      content: text("through the link"),
    });
    const shell = await run(api, session.id, "test -L dangling && cat /workspace/later/target.txt");
    expect(shell.output).toBe("through the link");
  });

  test("a dangling link into the read-only root is refused as a read-only file system", async ({
    api,
    session,
  }) => {
    await run(api, session.id, "ln -s /usr/lib/sandkasten-planted /workspace/into-root");
    await expectCode(
      api.fs.writeFile({ sessionId: session.id, path: "into-root", content: text("x") }),
      Code.FailedPrecondition,
    );
    expect(
      (await run(api, session.id, "test -e /usr/lib/sandkasten-planted; echo $?")).output,
    ).toBe("1\n");
  });

  test("a symlink loop is FailedPrecondition (as in the workspace API), not a hang", async ({
    api,
    session,
  }) => {
    await run(api, session.id, "ln -s loop-b loop-a && ln -s loop-a loop-b");
    await expectCode(
      api.fs.readFile({ sessionId: session.id, path: "loop-a" }),
      Code.FailedPrecondition,
    );
    await expectCode(
      api.fs.writeFile({ sessionId: session.id, path: "loop-a", content: text("x") }),
      Code.FailedPrecondition,
    );
  });
});

describe("paths that climb", () => {
  test("../../etc/passwd resolves inside the container, never to the host", async ({
    api,
    session,
  }) => {
    const read = await api.fs.readFile({ sessionId: session.id, path: "../../etc/passwd" });
    expect(read.path).toBe("/etc/passwd");
    expect(decode(read.content)).toBe((await run(api, session.id, "cat /etc/passwd")).output);
    expect(decode(read.content)).toMatch(/^sandbox:x:1000/m);
    const deep = await api.fs.readFile({
      sessionId: session.id,
      path: "../../../../../../../../etc/hostname",
    });
    expect(decode(deep.content).trim()).toBe(
      (await run(api, session.id, "hostname")).output.trim(),
    );
    expect(decode(deep.content).trim()).not.toBe(hostname());
  });

  test("climbing out of /workspace to write lands in the container (and the read-only root refuses)", async ({
    api,
    session,
  }) => {
    await api.fs.writeFile({
      sessionId: session.id,
      path: "../tmp/climbed.txt",
      content: text("in /tmp"),
    });
    expect((await run(api, session.id, "cat /tmp/climbed.txt")).output).toBe("in /tmp");
    await expectCode(
      api.fs.writeFile({
        sessionId: session.id,
        path: "../../etc/sandkasten-canary",
        content: text("x"),
      }),
      Code.FailedPrecondition,
    );
    expect(existsSync("/etc/sandkasten-canary")).toBe(false);
  });
});

describe("the runner's socket through the API", () => {
  test("the API, working as the sandbox user, cannot write into /run/sandkasten nor remove the socket", async ({
    daemon,
    api,
    session,
  }) => {
    await expectCode(
      api.fs.writeFile({
        sessionId: session.id,
        path: "/run/sandkasten/planted",
        content: text("x"),
      }),
      Code.PermissionDenied,
    );
    await expectCode(
      api.fs.remove({ sessionId: session.id, path: "/run/sandkasten/runner.sock" }),
      Code.PermissionDenied,
    );
    await expectCode(
      api.fs.writeFile({
        sessionId: session.id,
        path: "/run/sandkasten/runner.sock",
        content: text("x"),
      }),
      Code.FailedPrecondition,
    );
    expect(readdirSync(dataPath(daemon, "sessions", session.id))).toEqual(["runner.sock"]);
    expect((await run(api, session.id, "echo still-served")).output).toBe("still-served\n");
  });
});

describe("NUL bytes in paths", () => {
  test("every file RPC refuses a path with a NUL byte as InvalidArgument naming the path field", async ({
    api,
    session,
  }) => {
    const sessionId = session.id;
    const path = "a\u0000b";
    const calls: [string, () => Promise<unknown>][] = [
      ["readFile", () => api.fs.readFile({ sessionId, path })],
      ["writeFile", () => api.fs.writeFile({ sessionId, path, content: text("x") })],
      ["listDir", () => api.fs.listDir({ sessionId, path })],
      ["stat", () => api.fs.stat({ sessionId, path })],
      ["remove", () => api.fs.remove({ sessionId, path })],
      ["makeDir", () => api.fs.makeDir({ sessionId, path })],
      [
        "upload",
        () =>
          api.fs.upload(
            (async function* () {
              yield { sessionId, path };
            })(),
          ),
      ],
      [
        "download",
        async () => {
          for await (const _ of api.fs.download({ sessionId, path })) {
            // must not get here
          }
        },
      ],
    ];
    for (const [name, call] of calls) {
      const err = await expectCode(call, Code.InvalidArgument);
      expect(err.rawMessage, name).toMatch(/path/);
    }
    expect((await run(api, sessionId, "ls -A /workspace | wc -l")).output).toBe("0\n");
  });
});
