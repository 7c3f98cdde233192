import type { Pty, SandboxClientBase, Session } from "@sandkasten/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestDaemon, type TestDaemon } from "../../support/test-daemon.js";
import { TRANSPORTS } from "./helpers.js";

// Session.openPty through the SDK: input, output, resize and exit, over gRPC
// and over the web entry's fetch transport (what a browser uses).

/** Reads a terminal's output in the background; waits for text to show up. */
function screen(pty: Pty) {
  let text = "";
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of pty.output()) text += decoder.decode(chunk, { stream: true });
  })();
  return {
    reading,
    get text() {
      return text;
    },
    async waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
      await expect.poll(() => pattern.test(text), { timeout: 10_000 }).toBe(true);
      return text.match(pattern) as RegExpMatchArray;
    },
  };
}

let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon();
});
afterAll(async () => {
  await daemon.stop();
});

describe.each(["node grpc", "web connect (fetch)"] as const)("openPty over %s", (transport) => {
  let client: SandboxClientBase;
  let session: Session;
  beforeAll(async () => {
    client = TRANSPORTS[transport](daemon);
    session = await client.createSession({ image: "base" });
  });
  afterAll(async () => {
    await session.destroy();
    client.close();
  });

  test("echoes input, follows a resize and reports the exit code", async () => {
    const pty = await session.openPty({ cols: 100, rows: 30 });
    expect(pty.id).toMatch(/^[a-z0-9]+$/);
    const out = screen(pty);
    await pty.write("stty size\r");
    await out.waitFor(/30 100/);
    await pty.resize(132, 43);
    await pty.write("echo typed-$((6*7)); stty size\r");
    await out.waitFor(/typed-42/);
    await out.waitFor(/43 132/);
    await pty.write("exit 5\r");
    expect(await pty.exited).toEqual({ exitCode: 5, signal: "" });
    await out.reading;
  });

  test("Ctrl-C interrupts the foreground program; the terminal lives on", async () => {
    await using pty = await session.openPty();
    const out = screen(pty);
    await pty.write("sleep 300\r");
    // Ctrl-C goes to whoever is in the foreground: wait until that is sleep.
    await expect.poll(async () => (await session.exec("pgrep -x sleep")).exitCode).toBe(0);
    await pty.write("\x03");
    await expect.poll(async () => (await session.exec("pgrep -x sleep")).exitCode).toBe(1);
    await pty.write("echo after-$((1+1))\r");
    await out.waitFor(/after-2/);
  });

  test("close ends the program and everything it started", async () => {
    const pty = await session.openPty({ command: ["sleep", "301"] });
    const out = screen(pty);
    await expect.poll(async () => (await session.exec("pgrep -f 'sleep 301'")).exitCode).toBe(0);
    await pty.close();
    await out.reading.catch(() => {});
    await expect.poll(async () => (await session.exec("pgrep -f 'sleep 301'")).exitCode).toBe(1);
  });

  test("a missing program is refused at open", async () => {
    await expect(session.openPty({ command: ["/no/such/program"] })).rejects.toMatchObject({
      code: "failed_precondition",
    });
  });
});
