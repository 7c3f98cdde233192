import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientsFor } from "../support/clients.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { launchBrowser, openPage, signIn } from "./support/browser.js";

/**
 * Tenants in the dashboard: an admin sees every tenant's sessions and
 * workspaces with a TENANT column and a tenant filter; a user's key sees
 * only its own tenant's.
 */

const ALPHA_KEY = "sk-alpha-dashboard-0123456789";
let daemon: TestDaemon;
let browser: Browser;
const ids = { default: "", alpha: "" };

beforeAll(async () => {
  [daemon, browser] = await Promise.all([
    startTestDaemon({
      api_keys: [{ key: ALPHA_KEY, tenant: "alpha", role: "user" }],
      // Directories, not volumes: the workspaces go with the daemon's data dir.
      workspace: { driver: "directory" },
    }),
    launchBrowser(),
  ]);
  const [admin, alpha] = await Promise.all([
    clientsFor(daemon).sessions.createSession({ image: "base", workspaceId: "ws-of-default" }),
    clientsFor(daemon, "grpc", ALPHA_KEY).sessions.createSession({
      image: "base",
      workspaceId: "ws-of-alpha",
    }),
  ]);
  ids.default = admin.session?.id ?? "";
  ids.alpha = alpha.session?.id ?? "";
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const shown = (page: Page, attribute: string) => () =>
  page
    .locator(`tr[${attribute}]:visible`)
    .evaluateAll((rows, a) => rows.map((r) => r.getAttribute(a)).sort(), attribute);
const tenantOf = (page: Page, id: string) =>
  page.locator(`tr[data-session-id="${id}"] td[data-label="Tenant"]`).textContent();

describe("tenants in the dashboard", () => {
  test("an admin sees both tenants' sessions, and the tenant filter narrows the list", async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, daemon.url, daemon.apiKey);
    const sessions = shown(page, "data-session-id");
    await expect.poll(sessions).toEqual([ids.default, ids.alpha].sort());
    expect(await page.locator(".sessions-table th").allTextContents()).toContain("Tenant");
    expect(await tenantOf(page, ids.default)).toBe("default");
    expect(await tenantOf(page, ids.alpha)).toBe("alpha");

    const filter = page.getByLabel("Filter by tenant");
    expect(await filter.locator("option").allTextContents()).toEqual([
      "all tenants",
      "alpha",
      "default",
    ]);
    await filter.selectOption("alpha");
    await expect.poll(sessions).toEqual([ids.alpha]);
    expect(new URL(page.url()).search).toBe("?tenant=alpha");
    expect(await page.locator(".summary").textContent()).toMatch(/^1 of 2 sessions/);

    // Kept in the address, alongside the text filter.
    await page.goto(`${daemon.url}/sessions?q=base&tenant=default`);
    await expect.poll(sessions).toEqual([ids.default]);
    expect(await filter.inputValue()).toBe("default");
    await filter.selectOption("");
    await expect.poll(sessions).toEqual([ids.default, ids.alpha].sort());
    expect(new URL(page.url()).search).toBe("?q=base");

    await page.goto(`${daemon.url}/sessions/${ids.alpha}`);
    const facts = page.locator(".session-head .facts");
    await facts.getByText("Tenant").waitFor();
    expect(await facts.textContent()).toMatch(/Tenant\s*alpha/);

    await page.getByRole("link", { name: "Workspaces" }).click();
    const workspaces = shown(page, "data-workspace-id");
    await expect.poll(workspaces).toEqual(["ws-of-alpha", "ws-of-default"]);
    expect(await page.locator('tr[data-workspace-id="ws-of-alpha"] td').nth(1).textContent()).toBe(
      "alpha",
    );
    await page.getByLabel("Filter by tenant").selectOption("default");
    await expect.poll(workspaces).toEqual(["ws-of-default"]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test("alpha's key sees only alpha's session and workspace, without a tenant filter", async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, daemon.url, ALPHA_KEY);
    const sessions = shown(page, "data-session-id");
    await expect.poll(sessions).toEqual([ids.alpha]);
    // One more poll of the list, and still only alpha's.
    await page.waitForTimeout(2500);
    expect(await sessions()).toEqual([ids.alpha]);
    expect(await tenantOf(page, ids.alpha)).toBe("alpha");
    expect(await page.getByLabel("Filter by tenant").isHidden()).toBe(true);

    await page.getByRole("link", { name: "Workspaces" }).click();
    await expect.poll(shown(page, "data-workspace-id")).toEqual(["ws-of-alpha"]);
    expect(await page.getByLabel("Filter by tenant").isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
