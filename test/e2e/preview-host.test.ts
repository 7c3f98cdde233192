import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startWorkspaceDaemon, type WorkspaceDaemon } from "../support/workspace-daemon.js";

/**
 * The preview host form: with preview.domain set, a request whose Host is
 * "{port}-{session id}.{domain}" reaches that port of that session with its
 * path unchanged. A browser trades ?sandkasten_token= for a cookie of that
 * host. The names are never resolved: requests go to 127.0.0.1 with the
 * Host header set.
 */

const DOMAIN = "preview.test";

/** Echoes the Cookie header and the path it got, to show what reaches the sandbox. */
const COOKIE_ECHO = `
from http.server import BaseHTTPRequestHandler, HTTPServer
class Echo(BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("cookie=%s path=%s" % (self.headers.get("Cookie", ""), self.path)).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
HTTPServer(("127.0.0.1", 8001), Echo).serve_forever()
`;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request to the daemon at `url` with the headers as given, Host included. */
function send(
  url: string,
  path: string,
  headers: Record<string, string>,
  method = "GET",
): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("preview host form", () => {
  let d: WorkspaceDaemon;
  let sessionId: string;
  let host: (port: number, id?: string) => string;

  const mint = async (port: number, headers: Record<string, string> = {}) => {
    const res = await fetch(`${d.url}/v1/sessions/${sessionId}/preview-tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${d.apiKey}`, ...headers },
      body: JSON.stringify({ port, ttl_seconds: 600 }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { token: string; url: string; host_url?: string };
  };

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ preview: { domain: DOMAIN } });
    const { session } = await d.api.sessions.createSession({ image: "python" });
    sessionId = session?.id ?? "";
    expect(["", "none"]).toContain(session?.network);
    const { port } = new URL(d.url);
    host = (p, id = sessionId) => `${p}-${id}.${DOMAIN}:${port}`;
    const started = await d.api.exec.exec({
      sessionId,
      cmd: [
        "mkdir -p /tmp/site/sub && cd /tmp/site",
        "echo '<a href=\"sub/page.html\">index</a>' > index.html",
        "echo 'sub page' > sub/page.html",
        `cat > /tmp/echo.py <<'PY'\n${COOKIE_ECHO}\nPY`,
        "(nohup python3 -m http.server 8000 --bind 127.0.0.1 >/dev/null 2>&1 &)",
        "(nohup python3 /tmp/echo.py >/dev/null 2>&1 &)",
      ].join("\n"),
    });
    expect(started.exitCode).toBe(0);
    for (let i = 0; i < 100; i++) {
      const ready = await d.api.exec.exec({
        sessionId,
        cmd: `python3 -c "import socket; [socket.create_connection(('127.0.0.1', p)).close() for p in (8000, 8001)]"`,
      });
      if (ready.exitCode === 0) break;
      await sleep(100);
    }
  }, 120_000);
  afterAll(async () => {
    await d?.stop();
  });

  test("with the API key, the sandbox's server answers its own paths", async () => {
    const auth = { authorization: `Bearer ${d.apiKey}` };
    const index = await send(d.url, "/index.html", { host: host(8000), ...auth });
    expect(index.status).toBe(200);
    expect(index.body).toContain("index");
    // The host has an origin of its own: no opaque-origin sandbox policy.
    expect(index.headers["content-security-policy"]).toBeUndefined();
    const page = await send(d.url, "/sub/page.html", { host: host(8000), ...auth });
    expect(page.status).toBe(200);
    expect(page.body).toBe("sub page\n");
    // Paths the daemon would serve itself still go to the sandbox (http.server's 404 page).
    for (const own of ["/healthz", "/metrics", "/v1/sessions"]) {
      const res = await send(d.url, own, { host: host(8000), ...auth });
      expect(res.status, own).toBe(404);
      expect(res.body, own).toMatch(/Error response/);
    }
  });

  test("without a key, token or cookie the answer is 401", async () => {
    const res = await send(d.url, "/index.html", { host: host(8000) });
    expect(res.status).toBe(401);
  });

  test("a token in the query becomes a host cookie, and the cookie lets the browser in", async () => {
    const { token, host_url } = await mint(8000);
    expect(host_url).toBe(`http://8000-${sessionId}.${DOMAIN}/?sandkasten_token=${token}`);
    const first = await send(d.url, `/sub/page.html?a=1&sandkasten_token=${token}`, {
      host: host(8000),
    });
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe("/sub/page.html?a=1");
    const setCookie = first.headers["set-cookie"]?.[0] ?? "";
    expect(setCookie).toMatch(new RegExp(`^sandkasten_preview=${token.replace(".", "\\.")};`));
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toMatch(/Domain=/i);
    const cookie = setCookie.split(";")[0] as string;
    const page = await send(d.url, "/sub/page.html", { host: host(8000), cookie });
    expect(page.status).toBe(200);
    expect(page.body).toBe("sub page\n");
  });

  test("the preview cookie is stripped before the request reaches the sandbox", async () => {
    const { token } = await mint(8001);
    const res = await send(d.url, "/seen?x=1", {
      host: host(8001),
      cookie: `theme=dark; sandkasten_preview=${token}; lang=de`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe("cookie=theme=dark; lang=de path=/seen?x=1");
  });

  test("a tampered cookie, another port's or another session's token is 401", async () => {
    const { token } = await mint(8000);
    const last = token.at(-1) === "A" ? "B" : "A";
    const tampered = `${token.slice(0, -1)}${last}`;
    const refused: [string, Record<string, string>][] = [
      ["/sub/page.html", { host: host(8000), cookie: `sandkasten_preview=${tampered}` }],
      ["/sub/page.html", { host: host(8001), cookie: `sandkasten_preview=${token}` }],
      [`/?sandkasten_token=${token}`, { host: host(8000, "sotherotherotherother") }],
      ["/", { host: host(8000, "sotherotherotherother"), cookie: `sandkasten_preview=${token}` }],
    ];
    for (const [path, headers] of refused) {
      const res = await send(d.url, path, headers);
      expect(res.status, `${headers.host} ${headers.cookie ?? path}`).toBe(401);
    }
  });

  test("host_url takes its scheme from X-Forwarded-Proto, and the cookie is Secure then", async () => {
    const { token, host_url } = await mint(8000, { "x-forwarded-proto": "https" });
    expect(host_url).toBe(`https://8000-${sessionId}.${DOMAIN}/?sandkasten_token=${token}`);
    const first = await send(d.url, `/?sandkasten_token=${token}`, {
      host: host(8000),
      "x-forwarded-proto": "https",
    });
    expect(first.status).toBe(302);
    expect(first.headers["set-cookie"]?.[0]).toContain("Secure");
  });

  test("a WebSocket upgrade in the host form is checked and then joined to the sandbox", async () => {
    const upgrade = (cookie?: string) =>
      send(d.url, "/index.html", {
        host: host(8000),
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        ...(cookie === undefined ? {} : { cookie }),
      });
    expect((await upgrade()).status).toBe(401);
    const { token } = await mint(8000);
    // http.server speaks no WebSocket: its plain answer arrives through the joined connection.
    const joined = await upgrade(`sandkasten_preview=${token}`);
    expect(joined.status).toBe(200);
    expect(joined.body).toContain("index");
  });

  test("with preview.domain unset, such a Host is routed as any other request", async () => {
    const plain = await startWorkspaceDaemon();
    try {
      const { port } = new URL(plain.url);
      const health = await send(plain.url, "/healthz", {
        host: `8000-${sessionId}.${DOMAIN}:${port}`,
      });
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toEqual({ status: "ok" });
      const { session } = await plain.api.sessions.createSession({ image: "base" });
      const minted = await fetch(`${plain.url}/v1/sessions/${session?.id}/preview-tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${plain.apiKey}` },
        body: JSON.stringify({ port: 8000 }),
      });
      expect(minted.status).toBe(200);
      expect(await minted.json()).not.toHaveProperty("host_url");
    } finally {
      await plain.stop();
    }
  }, 60_000);
});
