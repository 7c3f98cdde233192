import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, test } from "vitest";
import { clientsFor } from "../support/clients.js";
import { waitFor } from "../support/engine.js";
import { startTestDaemon } from "../support/test-daemon.js";
import { fetchMetrics, Scrape } from "./metrics-scrape.js";

/** What /metrics reads when scraped: the pool's state and counts, the engine's failures. */
const IMAGE = "sandbox-runtime:base";

describe("/metrics reads", () => {
  test("the pool: target, ready and creating per image, and its hits and misses", async () => {
    const d = await startTestDaemon({ pool: { enabled: true, images: { base: 1 } } });
    try {
      const scrape = () => Scrape.of(d.url, d.apiKey);
      const pool = { image: IMAGE };
      expect(
        await waitFor(
          async () => (await scrape()).value("sandkasten_pool_ready", pool) === 1,
          30_000,
        ),
      ).toBe(true);
      const before = await scrape();
      expect(before.value("sandkasten_pool_target", pool)).toBe(1);
      expect(before.family("sandkasten_pool_creating").type).toBe("GAUGE");
      expect(before.family("sandkasten_pool_hits_total").type).toBe("COUNTER");
      const api = clientsFor(d);
      const first = (await api.sessions.createSession({ image: "base" })).session;
      expect(first?.pooled).toBe(true);
      // Right after a take the pool is empty (its refill waits a moment): a miss.
      const second = (await api.sessions.createSession({ image: "base" })).session;
      expect(second?.pooled).toBe(false);
      const after = await scrape();
      expect(after.value("sandkasten_pool_hits_total", pool)).toBe(
        before.value("sandkasten_pool_hits_total", pool) + 1,
      );
      expect(after.value("sandkasten_pool_misses_total", pool)).toBe(
        before.value("sandkasten_pool_misses_total", pool) + 1,
      );
      expect(after.count("sandkasten_session_create_seconds", { source: "pool" })).toBe(1);
      expect(after.count("sandkasten_session_create_seconds", { source: "cold" })).toBe(1);
      expect(
        await waitFor(
          async () => (await scrape()).value("sandkasten_pool_ready", pool) === 1,
          30_000,
        ),
      ).toBe(true);
    } finally {
      await d.stop();
    }
  });

  test("the engine's failures: calls to an engine that is not there", async () => {
    const d = await startTestDaemon({
      docker: { socket: "/tmp/skt-no-engine.sock", timeout_ms: 2000 },
    });
    try {
      const scrape = () => Scrape.of(d.url, d.apiKey);
      // Start-up tried to reconcile with it.
      const before = await scrape();
      expect(before.value("sandkasten_engine_errors_total")).toBeGreaterThan(0);
      const failed = await clientsFor(d)
        .sessions.createSession({ image: "base" })
        .catch((e) => e);
      expect(ConnectError.from(failed).code).toBe(Code.Unavailable);
      const after = await scrape();
      expect(after.value("sandkasten_engine_errors_total")).toBeGreaterThan(
        before.value("sandkasten_engine_errors_total"),
      );
      expect(
        after.value("sandkasten_rpc_requests_total", {
          procedure: "sandkasten.v1.SessionService/CreateSession",
          code: "Unavailable",
        }),
      ).toBe(1);
      expect((await fetchMetrics(d.url)).status).toBe(401);
    } finally {
      await d.stop();
    }
  });
});
