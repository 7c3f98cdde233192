import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionService } from "../../gen/sandkasten/v1/session_pb.js";
import { restRoutes } from "../../src/rest/routes.js";
import type { RestHarness } from "./rest-harness.js";
import { rawRequest, startRest } from "./rest-harness.js";

describe("authentication", () => {
  let rest: RestHarness;
  let calls = 0;

  beforeAll(async () => {
    rest = await startRest((router) => {
      router.service(SessionService, {
        listSessions() {
          calls++;
          return { sessions: [] };
        },
      });
    });
  });
  afterAll(() => rest.close());

  const protectedRoutes = restRoutes.filter((route) => !route.public);
  const concretePath = (path: string) => path.replaceAll(/:[a-z]+/g, "abc123");

  it("covers the whole reference surface", () => {
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(20);
  });

  for (const route of protectedRoutes) {
    it(`answers 401 on ${route.method} ${route.path} without a key or with a wrong one`, async () => {
      const path = concretePath(route.path);
      for (const headers of [
        {},
        { authorization: "Bearer wrong" },
        { authorization: "test-key" },
      ]) {
        const body = route.method === "POST" ? "{}" : undefined;
        const res = await rawRequest(rest.port, route.method, path, body, headers);
        expect(res.status).toBe(401);
        expect(res.headers["www-authenticate"]).toBe("Bearer");
        expect(JSON.parse(res.body)).toMatchObject({ error: "missing or invalid API key" });
      }
    });
  }

  it("answers 401, not 404 or 405, for unknown /v1 paths without a key", async () => {
    expect((await rawRequest(rest.port, "GET", "/v1/nope", undefined, {})).status).toBe(401);
    expect((await rawRequest(rest.port, "PATCH", "/v1/sessions", undefined, {})).status).toBe(401);
    expect((await rawRequest(rest.port, "GET", "/v1/sessions/%zz", undefined, {})).status).toBe(
      401,
    );
  });

  it("serves GET /healthz without a key", async () => {
    const res = await fetch(`${rest.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("never reaches the services without a key", () => {
    expect(calls).toBe(0);
  });

  it("forwards the Authorization header to the services", async () => {
    const res = await fetch(`${rest.base}/v1/sessions`, {
      headers: { authorization: "Bearer test-key" },
    });
    expect(res.status).toBe(200);
    expect(calls).toBe(1);
  });

  it("answers what the handler side says when it refuses the key", async () => {
    const lenient = await startRest(
      (router) => router.service(SessionService, { listSessions: () => ({ sessions: [] }) }),
      { authenticate: async () => true },
    );
    try {
      const res = await fetch(`${lenient.base}/v1/sessions`, {
        headers: { authorization: "Bearer other" },
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: "handler side: bad key" });
    } finally {
      await lenient.close();
    }
  });
});
