import { randomBytes } from "node:crypto";
import net from "node:net";
import { clientsFor, type Protocol } from "../support/clients.js";
import { describe, expect, test } from "../support/fixtures.js";
import type { TestDaemon } from "../support/test-daemon.js";

/**
 * The one port sniffs each connection's first bytes. Garbage, a client that
 * sends nothing, or one that stops half-way must not disturb anyone else.
 */

const PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

function portOf(d: TestDaemon): number {
  return Number(d.daemon.address.split(":").at(-1));
}

interface RawConnection {
  socket: net.Socket;
  received: () => string;
  closed: Promise<number>;
}

/** A raw TCP connection to the daemon; `closed` resolves with when (ms after opening) the server closed it. */
function rawConnect(d: TestDaemon, send?: Buffer | string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const opened = Date.now();
    let data = "";
    const socket = net.connect(portOf(d), "127.0.0.1");
    const closed = new Promise<number>((done) =>
      socket.once("close", () => done(Date.now() - opened)),
    );
    socket.on("data", (c) => {
      data += c.toString("latin1");
    });
    socket.on("error", () => {});
    socket.once("connect", () => {
      if (send !== undefined) socket.write(send);
      resolve({ socket, received: () => data, closed });
    });
    socket.once("error", reject);
  });
}

/** One small call over every protocol; fails the test if any of them does not answer. */
async function everyoneIsServed(d: TestDaemon, sessionId: string): Promise<void> {
  for (const protocol of ["grpc", "connect", "grpc-web"] as Protocol[]) {
    const r = await clientsFor(d, protocol).exec.exec({ sessionId, cmd: `echo ${protocol}` });
    expect(r.output, protocol).toBe(`${protocol}\n`);
  }
  const health = await fetch(`${d.url}/healthz`);
  expect(health.status).toBe(200);
}

describe("abusive connections", () => {
  test("garbage bytes get a 400 and a closed connection; everyone else is served", async ({
    daemon,
    session,
  }) => {
    const garbage = await rawConnect(
      daemon,
      Buffer.concat([Buffer.from("\x16\x03\x01\x02\x00"), randomBytes(2000)]),
    );
    const text = await rawConnect(daemon, "HELLO THERE\r\n\r\n");
    await everyoneIsServed(daemon, session.id);
    for (const c of [garbage, text]) {
      const closedAfter = await c.closed;
      expect(closedAfter).toBeLessThan(5_000);
      expect(c.received()).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    }
    await everyoneIsServed(daemon, session.id);
  });

  test("the HTTP/2 preface followed by garbage frames ends that connection only", async ({
    daemon,
    session,
  }) => {
    const bad = await rawConnect(daemon, Buffer.concat([Buffer.from(PREFACE), randomBytes(4096)]));
    const closedAfter = await bad.closed;
    expect(closedAfter).toBeLessThan(5_000);
    await everyoneIsServed(daemon, session.id);
  });

  test("a request line that looks like the preface but is not goes to HTTP/1.1 and gets an error", async ({
    daemon,
    session,
  }) => {
    const almost = await rawConnect(daemon, "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n");
    expect(await almost.closed).toBeLessThan(5_000);
    expect(almost.received()).toMatch(/^HTTP\/1\.1 4\d\d /);
    await everyoneIsServed(daemon, session.id);
  });

  test("silent connections and a half-sent preface don't block others, and are closed after ~10 s", async ({
    daemon,
    session,
  }) => {
    const silent = await Promise.all(Array.from({ length: 20 }, () => rawConnect(daemon)));
    const halfPreface = await rawConnect(daemon, PREFACE.slice(0, 10));
    await everyoneIsServed(daemon, session.id);
    // A streaming call keeps working with the idle connections still open.
    let outputs = 0;
    for await (const e of clientsFor(daemon, "grpc").exec.execStream({
      sessionId: session.id,
      cmd: "echo 1; echo 2",
    })) {
      if (e.event.case === "output") outputs++;
    }
    expect(outputs).toBeGreaterThan(0);
    const closedAfter = await Promise.all([...silent, halfPreface].map((c) => c.closed));
    for (const ms of closedAfter) {
      expect(ms).toBeGreaterThanOrEqual(9_000);
      expect(ms).toBeLessThan(13_000);
    }
    await everyoneIsServed(daemon, session.id);
  }, 30_000);

  test("a client that vanishes mid-request (half a JSON body) doesn't disturb the next ones", async ({
    daemon,
    session,
  }) => {
    const body = JSON.stringify({ cmd: "echo never" });
    const partial = await rawConnect(
      daemon,
      `POST /v1/sessions/${session.id}/exec HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${daemon.apiKey}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    partial.socket.destroy();
    await everyoneIsServed(daemon, session.id);
  });
});
