import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientsAt, restAt, startTenantDaemon, tenantKey } from "../support/tenant-daemon.js";
import type { WorkspaceDaemon } from "../support/workspace-daemon.js";

/**
 * Preview ports: servers a sandbox starts on its loopback, reached through
 * /v1/sessions/{id}/ports/{port}/... on the daemon, in a session without any
 * network (the default). HTTP and a WebSocket; the key or a preview token.
 */

const WS_PORT = 8765;

/** A WebSocket echo server with Python's standard library only: echoes each text frame. */
const ECHO_SERVER = String.raw`
import base64, hashlib, socket
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
def read(c, buf, n):
    while len(buf) < n:
        more = c.recv(65536)
        if not more:
            raise EOFError
        buf += more
    return buf[:n], buf[n:]
def serve(c):
    buf = b""
    while b"\r\n\r\n" not in buf:
        more = c.recv(65536)
        if not more:
            return
        buf += more
    head, buf = buf.split(b"\r\n\r\n", 1)
    key = [l.split(b":", 1)[1].strip() for l in head.split(b"\r\n") if l.lower().startswith(b"sec-websocket-key:")][0]
    accept = base64.b64encode(hashlib.sha1(key + GUID.encode()).digest())
    c.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    while True:
        h, buf = read(c, buf, 2)
        opcode, n = h[0] & 15, h[1] & 127
        if n == 126:
            e, buf = read(c, buf, 2); n = int.from_bytes(e, "big")
        elif n == 127:
            e, buf = read(c, buf, 8); n = int.from_bytes(e, "big")
        mask, buf = read(c, buf, 4)
        data, buf = read(c, buf, n)
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        if opcode == 8:
            c.sendall(b"\x88\x00"); return
        reply = ("echo: " + data.decode()).encode()
        size = bytes([len(reply)]) if len(reply) < 126 else bytes([126]) + len(reply).to_bytes(2, "big")
        c.sendall(bytes([0x80 | opcode]) + size + reply)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", ${WS_PORT}))
s.listen(8)
while True:
    c, _ = s.accept()
    try:
        serve(c)
    except Exception:
        pass
    c.close()
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("preview ports", () => {
  const alice = tenantKey("alice");
  const bob = tenantKey("bob");
  let d: WorkspaceDaemon;
  let sessionId: string;
  let base: string;

  beforeAll(async () => {
    d = await startTenantDaemon([alice, bob]);
    const api = clientsAt(d.url, alice.key);
    const { session } = await api.sessions.createSession({ image: "python" });
    sessionId = session?.id ?? "";
    expect(["", "none"]).toContain(session?.network);
    const started = await api.exec.exec({
      sessionId,
      cmd: [
        "cd /tmp && echo hi > index.html && head -c 20000000 /dev/urandom > big.bin",
        `cat > /tmp/echo.py <<'PY'\n${ECHO_SERVER}\nPY`,
        "(nohup python3 -m http.server 8000 --bind 127.0.0.1 >/dev/null 2>&1 &)",
        "(nohup python3 /tmp/echo.py >/dev/null 2>&1 &)",
      ].join("\n"),
    });
    expect(started.exitCode).toBe(0);
    base = `${d.url}/v1/sessions/${sessionId}/ports`;
    // Until both servers listen.
    for (let i = 0; i < 100; i++) {
      const ready = await api.exec.exec({
        sessionId,
        cmd: `python3 -c "import socket; [socket.create_connection(('127.0.0.1', p)).close() for p in (8000, ${WS_PORT})]"`,
      });
      if (ready.exitCode === 0) break;
      await sleep(100);
    }
  }, 120_000);
  afterAll(async () => {
    await d?.stop();
  });

  const withKey = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

  test("an HTTP server in a session without network is fetched with the API key", async () => {
    const res = await fetch(`${base}/8000/index.html`, withKey(alice.key));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("hi\n");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    const admin = await fetch(`${base}/8000/index.html`, withKey(d.apiKey));
    expect(admin.status).toBe(200);
    await admin.text();
  });

  test("a directory listing, a query and a POST pass through", async () => {
    const listing = await fetch(`${base}/8000/?a=1&b=2`, withKey(alice.key));
    expect(listing.status).toBe(200);
    expect(await listing.text()).toBe("hi\n");
    const post = await fetch(`${base}/8000/index.html`, {
      method: "POST",
      body: "x".repeat(100_000),
      ...withKey(alice.key),
    });
    // http.server serves no POST: its own answer arrives, not the daemon's.
    expect(post.status).toBe(501);
    await post.text();
  });

  test("a 20 MB answer arrives whole", async () => {
    const res = await fetch(`${base}/8000/big.bin`, withKey(alice.key));
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    const sum = await clientsAt(d.url, alice.key).exec.exec({
      sessionId,
      cmd: "sha256sum /tmp/big.bin | cut -d' ' -f1",
    });
    expect(body.length).toBe(20_000_000);
    expect(createHash("sha256").update(body).digest("hex")).toBe(sum.output.trim());
  });

  test("without a key, or with a wrong one, the answer is 401", async () => {
    for (const init of [{}, withKey("sk-wrong")]) {
      const res = await fetch(`${base}/8000/index.html`, init);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toMatch(/API key or preview token/);
    }
  });

  test("another tenant's session is 404, through the proxy and the token route", async () => {
    const res = await fetch(`${base}/8000/index.html`, withKey(bob.key));
    expect(res.status).toBe(404);
    await res.text();
    const minted = await restAt(
      d.url,
      bob.key,
      "POST",
      `/v1/sessions/${sessionId}/preview-tokens`,
      {
        port: 8000,
      },
    );
    expect(minted.status).toBe(404);
  });

  test("a minted token lets one in to its port only; a tampered one does not", async () => {
    const minted = await restAt(
      d.url,
      alice.key,
      "POST",
      `/v1/sessions/${sessionId}/preview-tokens`,
      { port: 8000, ttl_seconds: 600 },
    );
    expect(minted.status).toBe(200);
    const { token, url, expires_at } = minted.json as Record<string, string>;
    expect(Date.parse(expires_at)).toBeGreaterThan(Date.now());
    const byQuery = await fetch(`${d.url}${url}`);
    expect(byQuery.status).toBe(200);
    expect(await byQuery.text()).toBe("hi\n");
    const byHeader = await fetch(`${base}/8000/index.html`, {
      headers: { "x-sandkasten-preview-token": token },
    });
    expect(byHeader.status).toBe(200);
    expect(await byHeader.text()).toBe("hi\n");
    const last = token.at(-1) === "A" ? "B" : "A";
    const tampered = `${token.slice(0, -1)}${last}`;
    for (const path of [
      `/8000/index.html?sandkasten_token=${tampered}`,
      `/8001/index.html?sandkasten_token=${token}`,
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(401);
      await res.text();
    }
  });

  test("a port nothing listens on answers 502 saying so", async () => {
    const res = await fetch(`${base}/8999/`, withKey(alice.key));
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /nothing accepts connections on port 8999/,
    );
    const bad = await fetch(`${base}/70000/`, withKey(alice.key));
    expect(bad.status).toBe(400);
    await bad.text();
  });

  test("a WebSocket reaches an echo server in the sandbox", async () => {
    const minted = await restAt(
      d.url,
      alice.key,
      "POST",
      `/v1/sessions/${sessionId}/preview-tokens`,
      { port: WS_PORT },
    );
    const token = (minted.json as { token: string }).token;
    const wsUrl = `${base.replace(/^http/, "ws")}/${WS_PORT}/chat?sandkasten_token=${token}`;
    const socket = new WebSocket(wsUrl);
    const echoed = await new Promise<string>((resolve, reject) => {
      socket.onopen = () => socket.send("hello through the tunnel");
      socket.onmessage = (event) => resolve(String(event.data));
      socket.onerror = () => reject(new Error("the WebSocket failed"));
    });
    expect(echoed).toBe("echo: hello through the tunnel");
    socket.close();
  });

  test("a WebSocket without a token is refused with 401", async () => {
    const socket = new WebSocket(`${base.replace(/^http/, "ws")}/${WS_PORT}/chat`);
    const outcome = await new Promise<string>((resolve) => {
      socket.onopen = () => resolve("open");
      socket.onerror = () => resolve("refused");
    });
    expect(outcome).toBe("refused");
  });
});
