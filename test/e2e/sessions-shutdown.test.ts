import { rmSync } from "node:fs";
import { ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import { clientsFor } from "../support/clients.js";
import { engine } from "../support/engine.js";
import { startTestDaemon } from "../support/test-daemon.js";

/**
 * SIGTERM's graceful stop: the daemon takes no new calls, lets an exec under
 * way finish within the grace period, then stops.
 */
describe("graceful shutdown", () => {
  test("refuses new calls while a running exec finishes", async () => {
    const d = await startTestDaemon();
    const api = clientsFor(d);
    const { session } = await api.sessions.createSession({ image: "base" });
    const id = session?.id ?? "";
    const containerId = (await d.daemon.ctx.sessions.get(id)).container_id;
    const running = api.exec.exec({ sessionId: id, cmd: "sleep 2; echo finished" });
    await new Promise((r) => setTimeout(r, 500));
    const stopping = d.daemon.stop(20_000);
    await new Promise((r) => setTimeout(r, 200));
    const refused = await api.sessions.listSessions({}).catch((err) => ConnectError.from(err));
    expect(refused).toBeInstanceOf(ConnectError);
    expect((refused as ConnectError).message).toMatch(/shutting down/);
    expect((await running).output).toBe("finished\n");
    await stopping;
    // The container outlives the daemon (a restart would adopt it).
    await engine.getContainer(containerId).remove({ force: true, v: true });
    rmSync(d.dataDir, { recursive: true, force: true });
  });

  test("a finished REST exec stream leaves no call for the drain to wait on", async () => {
    const d = await startTestDaemon();
    try {
      const api = clientsFor(d);
      const { session } = await api.sessions.createSession({ image: "base" });
      const res = await fetch(`${d.url}/v1/sessions/${session?.id}/exec/stream`, {
        method: "POST",
        headers: { authorization: `Bearer ${d.apiKey}` },
        body: JSON.stringify({ cmd: "echo streamed" }),
      });
      expect(await res.text()).toContain("streamed");
      await expect.poll(() => d.daemon.ctx.drain.inFlight).toBe(0);
    } finally {
      await d.stop();
    }
  });

  test("an open terminal is closed at once, not waited for", async () => {
    const d = await startTestDaemon();
    const api = clientsFor(d);
    const { session } = await api.sessions.createSession({ image: "base" });
    const containerId = (await d.daemon.ctx.sessions.get(session?.id ?? "")).container_id;
    const events = api.pty.openPty({ sessionId: session?.id, cols: 80, rows: 24 });
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.event.case).toBe("opened");
    const ended = (async () => {
      for (;;) if ((await iterator.next()).done) return undefined;
    })().catch((err) => ConnectError.from(err));
    // A grace period longer than the test may take: waiting it out would fail.
    await d.daemon.stop(120_000);
    const err = await ended;
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/shutting down/);
    await engine.getContainer(containerId).remove({ force: true, v: true });
    rmSync(d.dataDir, { recursive: true, force: true });
  });
});
