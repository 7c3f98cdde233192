import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { createOnePortServer, type OnePortServer } from "../../src/server/one-port.js";

/**
 * The one-port server on its own: HTTP/1.1 and h2c side by side, closing
 * every connection on stop, and the HTTP/1.1 header deadline (slow loris).
 */

let ports: OnePortServer | undefined;

afterEach(async () => {
  await ports?.close();
  ports = undefined;
});

async function start(): Promise<{ ports: OnePortServer; port: number }> {
  ports = createOnePortServer((req, res) => {
    (res as http.ServerResponse).writeHead(200, { "content-type": "text/plain" });
    res.end(`v${req.httpVersion}`);
  });
  const server = ports.server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { ports, port: (server.address() as net.AddressInfo).port };
}

function h1Get(port: number, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
        let body = "";
        res.on("data", (c) => {
          body += c;
        });
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

describe("createOnePortServer", () => {
  test("answers HTTP/1.1 and h2c on the same port", async () => {
    const { port } = await start();
    const agent = new http.Agent({ keepAlive: false });
    expect(await h1Get(port, agent)).toBe("v1.1");
    const client = http2.connect(`http://127.0.0.1:${port}`);
    const body = await new Promise<string>((resolve, reject) => {
      const req = client.request({ ":path": "/" });
      let text = "";
      req.on("data", (c) => {
        text += c;
      });
      req.on("end", () => resolve(text));
      req.on("error", reject);
      req.end();
    });
    client.close();
    expect(body).toBe("v2.0");
  });

  test("close() ends idle keep-alive HTTP/1.1 connections and h2c sessions at once", async () => {
    const { ports: server, port } = await start();
    const agent = new http.Agent({ keepAlive: true });
    expect(await h1Get(port, agent)).toBe("v1.1");
    const client = http2.connect(`http://127.0.0.1:${port}`);
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    const started = Date.now();
    await server.close();
    ports = undefined;
    expect(Date.now() - started).toBeLessThan(1_000);
    agent.destroy();
    client.destroy();
  });

  test("a client that stops in the middle of its HTTP/1.1 headers gets 408 once headersTimeout passed", async () => {
    const { ports: server, port } = await start();
    server.http1.headersTimeout = 1_000;
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (c) => {
      received += c;
    });
    socket.on("error", () => {});
    socket.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    const opened = Date.now();
    const closedAfter = await new Promise<number>((resolve) =>
      socket.once("close", () => resolve(Date.now() - opened)),
    );
    // Node checks header deadlines every 30 s.
    expect(closedAfter).toBeLessThan(32_000);
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
  }, 40_000);
});
