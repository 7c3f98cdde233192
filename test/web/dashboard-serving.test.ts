import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadDashboardFiles } from "../../src/server/dashboard/dashboard-files.js";
import { createDashboardHandler } from "../../src/server/dashboard/dashboard-handler.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";

/**
 * The daemon serves the built dashboard (web/dist, which global setup
 * builds) on its one port: right content types, hashed assets cached for
 * good, index.html revalidated, client routes answered with index.html,
 * and nothing of the API shadowed.
 */

let daemon: TestDaemon;
const asset = readdirSync("web/dist/assets").find((name) => name.endsWith(".js")) ?? "";

beforeAll(async () => {
  daemon = await startTestDaemon();
});

afterAll(async () => {
  await daemon?.stop();
});

describe("the dashboard on the daemon's port", () => {
  test("/ is index.html: text/html, no-cache, and a content security policy", async () => {
    const res = await fetch(`${daemon.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    expect(await res.text()).toBe(readFileSync("web/dist/index.html", "utf8"));
  });

  test("hashed assets are immutable for a year, with their content type; an ETag revalidates", async () => {
    const res = await fetch(`${daemon.url}/assets/${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(
      Buffer.from(await res.arrayBuffer()).equals(readFileSync(`web/dist/assets/${asset}`)),
    ).toBe(true);
    const again = await fetch(`${daemon.url}/assets/${asset}`, {
      headers: { "if-none-match": res.headers.get("etag") ?? "" },
    });
    expect(again.status).toBe(304);
  });

  test("client routes get index.html; unknown files and paths outside the build do not", async () => {
    for (const path of [
      "/sessions",
      "/sessions/abc123/files",
      "/sessions/abc123/terminal",
      "/sessions/abc123/jobs",
      "/workspaces/my-ws",
      "/config",
      "/sign-in",
    ]) {
      const res = await fetch(`${daemon.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
    }
    for (const path of [
      "/assets/nope.js",
      "/assets/../package.json",
      "/%2e%2e/package.json",
      "/etc/passwd",
      "/index.html/x",
    ]) {
      const res = await fetch(`${daemon.url}${path}`);
      expect(res.status, path).toBe(404);
    }
  });

  test("a browser asking for an unknown page gets index.html with status 404; the API's paths never", async () => {
    const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };
    for (const path of ["/nope", "/sessions/UPPER", "/sessions/abc/xyz", "/etc/passwd"]) {
      const res = await fetch(`${daemon.url}${path}`, { headers: html });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(await res.text()).toBe(readFileSync("web/dist/index.html", "utf8"));
    }
    for (const path of ["/v1/nope", "/api/nope", "/sandkasten.v1.Nope/Call", "/healthz/x"]) {
      const res = await fetch(`${daemon.url}${path}`, { headers: html });
      expect(res.headers.get("content-type") ?? "", path).not.toMatch(/text\/html/);
    }
  });

  test("the API keeps its paths: /healthz, /v1 and the RPCs are not the dashboard", async () => {
    expect((await fetch(`${daemon.url}/healthz`)).headers.get("content-type")).toMatch(
      /application\/json/,
    );
    expect((await fetch(`${daemon.url}/v1/sessions`)).status).toBe(401);
    const rpc = await fetch(`${daemon.url}/sandkasten.v1.SessionService/ListSessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(rpc.status).toBe(401);
    expect(rpc.headers.get("content-type")).toBe("application/json");
  });
});

describe("a daemon without a built dashboard", () => {
  test("still serves, and says at / how to build the dashboard", async () => {
    const empty = mkdtempSync(join(tmpdir(), "skt-noweb-"));
    const files = loadDashboardFiles(empty);
    expect(files).toBeUndefined();
    const dashboard = createDashboardHandler(files);
    const server = http.createServer((req, res) => {
      if (!dashboard(req, res)) res.writeHead(418).end("api");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(404);
      expect(await page.text()).toMatch(/The dashboard is not built.*npm run build/s);
      expect((await fetch(`${url}/v1/sessions`)).status).toBe(418);
    } finally {
      server.close();
      rmSync(empty, { recursive: true });
    }
  });
});
