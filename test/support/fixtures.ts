import { test as base } from "vitest";
import type { Session } from "../../gen/sandkasten/v1/session_pb.js";
import { type Clients, clientsFor } from "./clients.js";
import { startTestDaemon, type TestDaemon } from "./test-daemon.js";

export interface Fixtures {
  /** One real daemon per test file. */
  daemon: TestDaemon;
  /** gRPC clients (HTTP/2 cleartext) for it. */
  api: Clients;
  /** A fresh session, destroyed after the test. */
  session: Session;
}

export const test = base.extend<Fixtures>({
  daemon: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take a destructuring pattern
    async ({}, use) => {
      const d = await startTestDaemon();
      await use(d);
      await d.stop();
    },
    { scope: "file" },
  ],
  api: async ({ daemon }, use) => {
    await use(clientsFor(daemon));
  },
  session: async ({ api }, use) => {
    const { session } = await api.sessions.createSession({ image: "base" });
    if (!session) throw new Error("no session in CreateSession's answer");
    await use(session);
    await api.sessions.destroySession({ id: session.id }).catch(() => {});
  },
});

export { describe, expect } from "vitest";

/** Runs a command with unary Exec and returns the answer. */
export async function run(api: Clients, sessionId: string, cmd: string, timeoutMs = 0) {
  return api.exec.exec({ sessionId, cmd, timeoutMs });
}
