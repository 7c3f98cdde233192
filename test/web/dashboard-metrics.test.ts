import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientsFor } from "../support/clients.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { launchBrowser, openPage, screenshot, signIn } from "./support/browser.js";

/**
 * The metrics page in Chromium: live charts read from GET /metrics with the
 * tab's admin key, and a clear refusal for a user's key.
 */

const USER_KEY = "sk-user-key-0123456789";
let daemon: TestDaemon;
let browser: Browser;

beforeAll(async () => {
  [daemon, browser] = await Promise.all([
    startTestDaemon({ api_keys: [{ key: USER_KEY, tenant: "alpha", role: "user" }] }),
    launchBrowser(),
  ]);
  const api = clientsFor(daemon);
  const { session } = await api.sessions.createSession({ image: "base" });
  const sessionId = session?.id ?? "";
  for (const cmd of ["echo one", "seq 1 2000", "true"]) await api.exec.exec({ sessionId, cmd });
  for await (const _ of api.exec.execStream({ sessionId, cmd: "seq 1 5000" })) {
    // the output counts in sandkasten_exec_stream_bytes_total
  }
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const chart = (page: Page, title: string) => page.getByRole("region", { name: title });

describe("metrics page", () => {
  test("charts the daemon's metrics live, per tenant too, in either theme", async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, daemon.url, daemon.apiKey);
    await page.getByRole("link", { name: "Metrics" }).click();
    await page.waitForURL(`${daemon.url}/stats`);
    await page.getByRole("heading", { name: "Metrics" }).waitFor();

    const running = chart(page, "Sessions running");
    await running.locator(".chart-value", { hasText: /^1$/ }).waitFor();
    const tenants = chart(page, "Live sessions per tenant");
    await tenants.locator('li[data-series="default"] .chart-value', { hasText: /^1$/ }).waitFor();
    expect(await tenants.locator("li[data-series]").count()).toBe(1);
    // Exec latency from the histogram's buckets: a duration, not a gap.
    await chart(page, "Exec latency")
      .locator(".chart-value", { hasText: /\d( ms| s)$/ })
      .waitFor();
    // A second poll gives a rate, and the charts a line of two points or more.
    await chart(page, "Exec stream output").locator(".chart-value", { hasText: /\/s$/ }).waitFor();
    expect(await running.locator("path.chart-line").getAttribute("d")).toMatch(/^M[\d.,]+L/);
    expect(await running.locator(".chart-axis text").allTextContents()).toEqual(
      expect.arrayContaining(["0", "1", "now"]),
    );

    // Live: a session of another tenant, and a stream's output, show at the next polls.
    const alpha = clientsFor(daemon, "grpc", USER_KEY);
    const { session } = await alpha.sessions.createSession({ image: "base" });
    const streaming = (async () => {
      const cmd = "for i in $(seq 1 16); do seq 1 5000; sleep 0.5; done";
      for await (const _ of alpha.exec.execStream({ sessionId: session?.id ?? "", cmd })) {
        // drawn as bytes per second
      }
    })();
    await running.locator(".chart-value", { hasText: /^2$/ }).waitFor();
    await tenants.locator('li[data-series="alpha"] .chart-value', { hasText: /^1$/ }).waitFor();
    await chart(page, "Exec stream output")
      .locator(".chart-value", { hasText: /^[1-9][\d.]* (B|KiB|MiB)\/s$/ })
      .waitFor();
    await screenshot(page, "metrics");
    await streaming;

    // Dark mode: the axis labels take the dark theme's muted colour.
    const axisColour = () =>
      page.evaluate('getComputedStyle(document.querySelector(".chart-axis text")).fill');
    const light = await axisColour();
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForFunction('document.documentElement.dataset.theme === "dark"');
    expect(await axisColour()).not.toBe(light);
    expect(await axisColour()).toBe("rgb(151, 163, 180)");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test("with a user's key the page says the metrics need an admin key", async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, daemon.url, USER_KEY);
    await page.getByRole("link", { name: "Metrics" }).click();
    await page.getByRole("alert").getByText("metrics need an admin key").waitFor();
    expect(await page.locator(".chart-grid").isHidden()).toBe(true);
    // Still signed in: the refusal of /metrics is not one of the key.
    expect(new URL(page.url()).pathname).toBe("/stats");
    expect(errors.filter((e) => !e.includes("401"))).toEqual([]);
    await page.context().close();
  });
});
