import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientsFor } from "../support/clients.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { fetchMetrics, Scrape } from "./metrics-scrape.js";

/** Per-tenant figures in /metrics, which only admin keys (or metrics.api_key) may read. */
const ALPHA_KEY = "sk-alpha-metrics-0123456789";
let d: TestDaemon;

beforeAll(async () => {
  d = await startTestDaemon({
    api_keys: [{ key: ALPHA_KEY, tenant: "alpha", role: "user", max_sessions: 3 }],
  });
});

afterAll(async () => {
  await d.stop();
});

describe("/metrics per tenant", () => {
  test("counts a tenant's live sessions and their memory; a user key can't read it", async () => {
    const alpha = clientsFor(d, "grpc", ALPHA_KEY);
    const { session } = await alpha.sessions.createSession({ limits: { memLimitMb: 300 } });
    const during = await Scrape.of(d.url, d.apiKey);
    expect(during.value("sandkasten_tenant_live_sessions", { tenant: "alpha" })).toBe(1);
    expect(during.value("sandkasten_tenant_memory_mb", { tenant: "alpha" })).toBe(300);
    expect((await fetchMetrics(d.url, ALPHA_KEY)).status).toBe(401);
    await alpha.sessions.destroySession({ id: session?.id ?? "" });
    const after = await Scrape.of(d.url, d.apiKey);
    expect(after.value("sandkasten_tenant_live_sessions", { tenant: "alpha" })).toBe(0);
  });
});
