import { restRoutes } from "../../src/rest/routes.js";
import { sessionRowCount } from "../support/engine.js";
import { describe, expect, run, test } from "../support/fixtures.js";

/**
 * Every REST route wants the API key, on the real daemon: without it, with a
 * wrong one, or with a key of an odd length, the answer is 401 and nothing
 * happens. Paths name a live session, so a route that skipped the check
 * would act on it.
 */

/** The surface of /work/shared/reference/rest-api.md, written out here so that the test doesn't trust the router's own list. */
const REFERENCE_ROUTES = [
  "POST /v1/sessions",
  "GET /v1/sessions",
  "GET /v1/sessions/:id",
  "DELETE /v1/sessions/:id",
  "GET /v1/sessions/:id/stats",
  "POST /v1/sessions/:id/exec",
  "POST /v1/sessions/:id/exec/stream",
  "POST /v1/sessions/:id/fs/write",
  "GET /v1/sessions/:id/fs/read",
  "POST /v1/sessions/:id/fs/upload",
  "GET /v1/workspaces",
  "DELETE /v1/workspaces/:id",
  "GET /v1/workspaces/:id/fs",
  "GET /v1/workspaces/:id/fs/read",
  "POST /v1/workspaces/:id/fs/write",
  "POST /v1/workspaces/:id/fs/upload",
];

const ROUTES = [
  ...new Set([
    ...REFERENCE_ROUTES,
    ...restRoutes.filter((r) => !r.public).map((r) => `${r.method} ${r.path}`),
  ]),
];

const BAD_AUTHORIZATIONS: [string, string | undefined][] = [
  ["no header", undefined],
  ["a wrong key", "Bearer sk-wrong"],
  ["a 1-character key", "Bearer x"],
  ["a 1000-character key", `Bearer ${"k".repeat(1000)}`],
  ["an empty bearer", "Bearer "],
  ["another scheme", "Basic dXNlcjpwYXNz"],
];

function requestFor(
  route: string,
  sessionId: string,
  workspaceId: string,
): { method: string; path: string; body?: string } {
  const [method = "GET", pattern = "/"] = route.split(" ");
  const id = pattern.startsWith("/v1/workspaces") ? workspaceId : sessionId;
  let path = pattern.replace(":id", id);
  if (
    path.endsWith("/fs/read") ||
    path.endsWith("/fs") ||
    path.endsWith("/fs/stat") ||
    path.endsWith("/fs/download")
  ) {
    path += "?path=%2Fetc%2Fpasswd";
  }
  const body =
    method === "POST"
      ? JSON.stringify({
          cmd: "touch /workspace/unauthenticated",
          path: "unauthenticated",
          text: "x",
          image: "base",
        })
      : undefined;
  return { method, path, body };
}

describe("REST authentication on the real daemon", () => {
  test("the route list covers the whole reference and the router's extra routes", () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(REFERENCE_ROUTES.length + 5);
    for (const extra of [
      "GET /v1/sessions/:id/fs",
      "DELETE /v1/sessions/:id/fs",
      "POST /v1/sessions/:id/fs/mkdir",
    ]) {
      expect(ROUTES).toContain(extra);
    }
  });

  test("every route answers 401 with a JSON error and WWW-Authenticate, whatever the bad key, and does nothing", async ({
    daemon,
    api,
    session,
  }) => {
    const sessionsBefore = (await api.sessions.listSessions({})).sessions.map((s) => s.id);
    const rowsBefore = await sessionRowCount(daemon);
    for (const route of ROUTES) {
      const { method, path, body } = requestFor(route, session.id, "ws1");
      for (const [what, authorization] of BAD_AUTHORIZATIONS) {
        const headers: Record<string, string> = body ? { "content-type": "application/json" } : {};
        if (authorization !== undefined) headers.authorization = authorization;
        const res = await fetch(`${daemon.url}${path}`, { method, headers, body });
        expect(res.status, `${route} with ${what}`).toBe(401);
        expect(res.headers.get("www-authenticate"), `${route} with ${what}`).toBe("Bearer");
        expect(await res.json()).toMatchObject({ error: "missing or invalid API key" });
      }
    }
    // Nothing was created, destroyed, run or written.
    expect((await api.sessions.listSessions({})).sessions.map((s) => s.id)).toEqual(sessionsBefore);
    expect(await sessionRowCount(daemon)).toBe(rowsBefore);
    const look = await run(api, session.id, "ls -A /workspace | wc -l");
    expect(look.output).toBe("0\n");
  });

  test("a multipart upload without a key is refused before any of it is stored", async ({
    daemon,
    api,
    session,
  }) => {
    const form = new FormData();
    form.append("file", new Blob(["x"]), "sneaky.txt");
    const res = await fetch(`${daemon.url}/v1/sessions/${session.id}/fs/upload`, {
      method: "POST",
      body: form,
    });
    expect(res.status).toBe(401);
    expect((await run(api, session.id, "test -e /workspace/sneaky.txt; echo $?")).output).toBe(
      "1\n",
    );
  });

  test("unknown /v1 paths answer 401 too, so that nothing about the surface leaks without a key", async ({
    daemon,
  }) => {
    for (const [method, path] of [
      ["GET", "/v1/nope"],
      ["PATCH", "/v1/sessions"],
      ["GET", "/v1"],
    ] as const) {
      expect((await fetch(`${daemon.url}${path}`, { method })).status, `${method} ${path}`).toBe(
        401,
      );
    }
  });

  test("/healthz answers 200 without a key", async ({ daemon }) => {
    const res = await fetch(`${daemon.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  test("the right key works, with the scheme in any case", async ({ daemon, session }) => {
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const res = await fetch(`${daemon.url}/v1/sessions/${session.id}`, {
        headers: { authorization: `${scheme} ${daemon.apiKey}` },
      });
      expect(res.status, scheme).toBe(200);
      expect(((await res.json()) as { id: string }).id).toBe(session.id);
    }
    const list = await fetch(`${daemon.url}/v1/sessions`, {
      headers: { authorization: `Bearer ${daemon.apiKey}` },
    });
    expect(list.status).toBe(200);
    expect(Array.isArray(await list.json())).toBe(true);
  });

  test("near misses of the right key are refused: a prefix, a suffix, another case, without the scheme", async ({
    daemon,
  }) => {
    const key = daemon.apiKey;
    for (const authorization of [
      `Bearer ${key.slice(0, -1)}`,
      `Bearer ${key}x`,
      `Bearer ${key.toUpperCase()}`,
      key,
      `Token ${key}`,
    ]) {
      const res = await fetch(`${daemon.url}/v1/sessions`, { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
  });
});
