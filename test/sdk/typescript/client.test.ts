import { SandboxClient, type SandboxClientBase, type Session } from "@sandkasten/client";
import { SandboxClient as WebSandboxClient } from "@sandkasten/client/web";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestDaemon, type TestDaemon } from "../../support/test-daemon.js";
import { bytesOf, eventsOf, inPieces, TRANSPORTS, type TransportName, textOf } from "./helpers.js";

// The core calls over every transport and both entry points: Node
// ("@sandkasten/client", connect-node) and web ("@sandkasten/client/web",
// connect-web over Node's fetch).

let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon();
});
afterAll(async () => {
  await daemon.stop();
});

describe.each(Object.keys(TRANSPORTS) as TransportName[])("over %s", (name) => {
  let client: SandboxClientBase;
  let session: Session;
  beforeAll(async () => {
    client = TRANSPORTS[name](daemon);
    session = await client.createSession({ image: "base" });
  });
  afterAll(async () => {
    await session.destroy();
    client.close();
  });

  test("exec returns the combined output, the exit code and the shell's cwd", async () => {
    const r = await session.exec("cd /tmp; echo hello; echo oops >&2; (exit 3)");
    expect(r).toMatchObject({ output: "hello\noops\n", exitCode: 3, timedOut: false });
    expect((await session.exec("pwd")).cwd).toBe("/tmp");
  });

  test("write then read round-trips a file, and list shows it", async () => {
    await session.write("notes/a.txt", "grüße\n");
    expect(await session.readText("notes/a.txt")).toBe("grüße\n");
    expect((await session.list("notes")).map((e) => e.name)).toEqual(["a.txt"]);
  });

  test("execStream yields stdout, stderr, then the exit", async () => {
    const events = await eventsOf(session.execStream("echo out; echo err >&2; exit 4"));
    expect(textOf(events, "stdout")).toBe("out\n");
    expect(textOf(events, "stderr")).toBe("err\n");
    expect(events.at(-1)).toMatchObject({ type: "exit", exitCode: 4, timedOut: false });
  });

  test("upload in pieces and download round-trip a file larger than one chunk", async () => {
    const bytes = bytesOf(2.5 * 1024 * 1024);
    const written = await session.upload("big.bin", inPieces(bytes, 700_000));
    expect(written.size).toBe(bytes.length);
    expect(Buffer.from(await session.download("big.bin")).equals(Buffer.from(bytes))).toBe(true);
  });

  test("listSessions shows the session", async () => {
    expect((await client.listSessions()).map((s) => s.id)).toContain(session.id);
  });
});

test("the Node entry's connect transport speaks JSON, and user interceptors see every call", async () => {
  const seen: string[] = [];
  const client = new SandboxClient({
    baseUrl: daemon.url,
    apiKey: daemon.apiKey,
    transport: "connect",
    interceptors: [
      (next) => async (req) => {
        seen.push(
          `${req.method.name} ${req.header.get("content-type")} ${req.header.get("authorization")}`,
        );
        return next(req);
      },
    ],
  });
  try {
    await client.listSessions();
    expect(seen).toEqual([`ListSessions application/json Bearer ${daemon.apiKey}`]);
  } finally {
    client.close();
  }
});

test("the web entry calls through the fetch it is given", async () => {
  const urls: string[] = [];
  const client = new WebSandboxClient({
    baseUrl: daemon.url,
    apiKey: daemon.apiKey,
    fetch: (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    },
  });
  await client.listSessions();
  expect(urls).toEqual([`${daemon.url}/sandkasten.v1.SessionService/ListSessions`]);
});
