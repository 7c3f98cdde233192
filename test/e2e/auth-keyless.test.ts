import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientsFor } from "../support/clients.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * A daemon without an API key (allowed on loopback only) must not be usable
 * by web pages: not by a page of another site posting to 127.0.0.1, and not
 * through a name rebound to 127.0.0.1 (DNS rebinding).
 */

function request(
  d: TestDaemon,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  const url = new URL(d.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: o.method ?? "GET",
        path: o.path,
        headers: { "content-type": "application/json", ...o.headers },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => {
          body += chunk.toString("utf8");
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

describe("a daemon without an API key", () => {
  let keyless: TestDaemon;
  beforeAll(async () => {
    keyless = await startTestDaemon({ api_key: "" });
  });
  afterAll(async () => {
    await keyless.stop();
  });

  test("answers loopback callers: curl-like requests, its own pages, gRPC", async () => {
    expect((await request(keyless, { path: "/v1/sessions" })).status).toBe(200);
    const ownPage = { origin: keyless.url, host: new URL(keyless.url).host };
    expect((await request(keyless, { path: "/v1/sessions", headers: ownPage })).status).toBe(200);
    const localhost = { host: `localhost:${new URL(keyless.url).port}` };
    expect((await request(keyless, { path: "/healthz", headers: localhost })).status).toBe(200);
    const listed = await clientsFor({ ...keyless, apiKey: "" }).sessions.listSessions({});
    expect(listed.sessions).toEqual([]);
  });

  test("refuses a page of another site, naming why", async () => {
    const created = await request(keyless, {
      method: "POST",
      path: "/v1/sessions",
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      body: "{}",
    });
    expect(created.status).toBe(403);
    expect(JSON.parse(created.body).error).toMatch(/no API key.*Origin "https:\/\/evil.example"/);
    const mcp = await request(keyless, {
      method: "POST",
      path: "/mcp",
      headers: { origin: "null" },
      body: "{}",
    });
    expect(mcp.status).toBe(403);
    expect(await keyless.daemon.ctx.sessions.list()).toEqual([]);
  });

  test("refuses requests addressed to another name (DNS rebinding)", async () => {
    const rebound = await request(keyless, {
      path: "/v1/sessions",
      headers: { host: `attacker.example:${new URL(keyless.url).port}` },
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error).toMatch(/addressed to localhost.*attacker\.example/);
  });
});

describe("a daemon with an API key", () => {
  let keyed: TestDaemon;
  beforeAll(async () => {
    keyed = await startTestDaemon();
  });
  afterAll(async () => {
    await keyed.stop();
  });

  test("serves any name and origin to whoever has the key (e.g. behind a proxy)", async () => {
    const res = await request(keyed, {
      path: "/v1/sessions",
      headers: {
        host: "sandbox.example.org",
        origin: "https://dashboard.example.org",
        authorization: `Bearer ${keyed.apiKey}`,
      },
    });
    expect(res.status).toBe(200);
  });
});
