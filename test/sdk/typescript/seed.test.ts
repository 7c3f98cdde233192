import { SandboxClient } from "@sandkasten/client";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestDaemon, type TestDaemon } from "../../support/test-daemon.js";

// The TypeScript snippet of the product's README (seed 003), as written there
// with its two placeholders filled in.

let daemon: TestDaemon;
beforeAll(async () => {
  daemon = await startTestDaemon();
});
afterAll(async () => {
  await daemon.stop();
});

test("the README's quick start works as written", async () => {
  // --- as in the README (the import is at the top of this file) ---
  const client = new SandboxClient({ baseUrl: daemon.url, apiKey: daemon.apiKey });
  const session = await client.createSession();
  const result = await session.exec("echo hello");
  // ---

  expect(result.output).toBe("hello\n");
  expect(result.exitCode).toBe(0);
  await session.destroy();
  client.close();
});
