import { Code } from "@connectrpc/connect";
import { expectCode } from "../support/connect-errors.js";
import { describe, expect, run, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * File errors say what the kernel said. The container's root is read-only:
 * making or writing anything there is FailedPrecondition (REST 409) "read-only
 * file system", also when parents had to be made on the way (mkdir -p used
 * to report the missing parent instead, as NotFound).
 */

function post(d: TestDaemon, path: string, body: unknown): Promise<Response> {
  return fetch(`${d.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${d.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("errno on the read-only root", () => {
  test("mkdir /foo and mkdir -p /usr/x/y: 409 read-only file system (FailedPrecondition)", async ({
    daemon,
    api,
    session,
  }) => {
    const base = `/v1/sessions/${session.id}/fs`;
    for (const [body, path] of [
      [{ path: "/foo" }, "/foo"],
      [{ path: "/foo", parents: true }, "/foo"],
      [{ path: "/usr/x/y", parents: true }, "/usr/x/y"],
      [{ path: "/usr/x" }, "/usr/x"],
    ] as const) {
      const res = await post(daemon, `${base}/mkdir`, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(await res.json()).toMatchObject({ error: `read-only file system: ${path}` });
    }
    const err = await expectCode(
      api.fs.makeDir({ sessionId: session.id, path: "/opt/a/b/c", parents: true }),
      Code.FailedPrecondition,
    );
    expect(err.rawMessage).toBe("read-only file system: /opt/a/b/c");
    expect((await run(api, session.id, "test -e /foo || test -e /usr/x; echo $?")).output).toBe(
      "1\n",
    );
  });

  test("a write whose parents would be made on the read-only root says so, as does writing into /etc", async ({
    daemon,
    api,
    session,
  }) => {
    for (const path of ["/newdir/file.txt", "/usr/new/deeper/file.txt", "/etc/new.conf"]) {
      const err = await expectCode(
        api.fs.writeFile({ sessionId: session.id, path, content: Buffer.from("x") }),
        Code.FailedPrecondition,
      );
      expect(err.rawMessage).toBe(`read-only file system: ${path}`);
    }
    const res = await post(daemon, `/v1/sessions/${session.id}/fs/write`, {
      path: "/newdir/file.txt",
      text: "x",
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: "read-only file system: /newdir/file.txt" });
    const upload = await expectCode(
      api.fs.upload(
        (async function* () {
          yield { sessionId: session.id, path: "/srv/up/file", data: Buffer.from("x") };
        })(),
      ),
      Code.FailedPrecondition,
    );
    expect(upload.rawMessage).toBe("read-only file system: /srv/up/file");
  });

  test("removing from the read-only root is read-only file system, not permission denied", async ({
    api,
    session,
  }) => {
    const err = await expectCode(
      api.fs.remove({ sessionId: session.id, path: "/usr/bin/env" }),
      Code.FailedPrecondition,
    );
    expect(err.rawMessage).toBe("read-only file system: /usr/bin/env");
    const tree = await expectCode(
      api.fs.remove({ sessionId: session.id, path: "/usr/share", recursive: true }),
      Code.FailedPrecondition,
    );
    expect(tree.rawMessage).toBe("read-only file system: /usr/share");
    expect((await run(api, session.id, "test -x /usr/bin/env && echo kept")).output).toBe("kept\n");
  });
});
