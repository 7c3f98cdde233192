import { createClient } from "@connectrpc/connect";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import { type Clients, clientsFor, transportFor } from "../support/clients.js";
import { inspectSessionContainer } from "../support/engine.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { launchBrowser, openPage, screenshot, signIn } from "./support/browser.js";

/**
 * Sessions in Chromium against a real daemon: the sessions table's filter,
 * resource limits chosen in the new-session dialog, a session's page turning
 * read-only once the session is gone, and the not-found page.
 */

let daemon: TestDaemon;
let api: Clients;
let browser: Browser;
let page: Page;
let errors: string[];
const ids = { base: "", python: "", other: "" };

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startTestDaemon(), launchBrowser()]);
  api = clientsFor(daemon);
  const create = async (image: string, workspaceId = "") =>
    (await api.sessions.createSession({ image, workspaceId })).session?.id ?? "";
  [ids.base, ids.python, ids.other] = await Promise.all([
    create("base"),
    create("python", "filter-ws"),
    create("base"),
  ]);
  ({ page, errors } = await openPage(browser));
  await signIn(page, daemon.url, daemon.apiKey);
});

afterAll(async () => {
  await browser?.close();
  // The workspace is a volume: it outlives the daemon unless deleted.
  if (daemon)
    await createClient(WorkspaceService, transportFor(daemon, "grpc")).deleteWorkspace({
      id: "filter-ws",
      force: true,
    });
  await daemon?.stop();
});

const shownRows = async () =>
  (
    await page
      .locator("tr[data-session-id]:visible")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session-id")))
  ).sort();

describe("the sessions filter", () => {
  test("narrows the table by id, image, status or workspace, and says when nothing matches", async () => {
    for (const id of Object.values(ids))
      await page.locator(`tr[data-session-id="${id}"]`).waitFor();
    const filter = page.getByLabel("Filter sessions");
    const all = Object.values(ids).sort();
    await filter.fill(ids.other);
    await expect.poll(shownRows).toEqual([ids.other]);
    expect(await page.locator(".summary").textContent()).toMatch(/^1 of 3 sessions · 3 running/);
    await filter.fill("python");
    await expect.poll(shownRows).toEqual([ids.python]);
    await filter.fill("FILTER-WS");
    await expect.poll(shownRows).toEqual([ids.python]);
    await filter.fill("running");
    await expect.poll(shownRows).toEqual(all);
    await filter.fill("base running");
    await expect.poll(shownRows).toEqual([ids.base, ids.other].sort());
    expect(new URL(page.url()).search).toBe("?q=base%20running");

    // Select all takes only what the filter shows.
    await page.getByLabel("Select all").check();
    await page.getByRole("button", { name: "Destroy selected (2)" }).waitFor();
    await page.getByLabel("Select all").uncheck();

    await filter.fill("no-such-session");
    await page.getByText("No sessions match “no-such-session”").waitFor();
    expect(await page.locator(".sessions-table").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Clear the filter" }).click();
    await expect.poll(shownRows).toEqual(all);
    expect(new URL(page.url()).search).toBe("");

    // The filter is in the address: a reload or a shared link keeps it.
    await page.goto(`${daemon.url}/sessions?q=python`);
    await page.locator(`tr[data-session-id="${ids.python}"]`).waitFor();
    await expect.poll(shownRows).toEqual([ids.python]);
    expect(await filter.inputValue()).toBe("python");
    await screenshot(page, "sessions-filter");
  });
});

describe("limits in the new-session dialog", () => {
  let limited = "";

  test("say the daemon's defaults and maxima, and refuse more than the maximum", async () => {
    await page.goto(`${daemon.url}/sessions`);
    await page.getByRole("button", { name: "New session" }).click();
    const dialog = page.getByRole("dialog", { name: "New session" });
    const mem = dialog.getByLabel("Memory limit (MiB)");
    await dialog.getByText("default 512 MiB, at most 4096 MiB").waitFor();
    expect(await dialog.getByText("default 1 CPU, at most 4 CPUs").count()).toBe(1);
    expect(await mem.getAttribute("placeholder")).toBe("512");
    await mem.fill("5000");
    expect(await mem.evaluate((e) => e.validity.rangeOverflow)).toBe(true);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
  });

  test("a session created with mem 256, 0.5 CPU and 64 processes gets exactly those", async () => {
    await page.getByRole("button", { name: "New session" }).click();
    const dialog = page.getByRole("dialog", { name: "New session" });
    await dialog.getByLabel("Image").selectOption("sandbox-runtime:base");
    await dialog.getByLabel("CPU limit (cores)").fill("0.5");
    await dialog.getByLabel("Memory limit (MiB)").fill("256");
    await dialog.getByLabel("Process limit").fill("64");
    await screenshot(page, "new-session-limits");
    await dialog.getByRole("button", { name: "Create session" }).click();
    await page.waitForURL(/\/sessions\/[a-z0-9]+$/, { timeout: 60_000 });
    limited = new URL(page.url()).pathname.split("/")[2] ?? "";
    expect(Object.values(ids)).not.toContain(limited);

    const stats = await api.sessions.getSessionStats({ id: limited });
    expect(stats.memoryLimit).toBe(256n * 1024n * 1024n);
    const { HostConfig } = await inspectSessionContainer(daemon, limited);
    expect(HostConfig).toMatchObject({ Memory: 256 * 1024 * 1024, NanoCpus: 5e8, PidsLimit: 64 });
    // The session's page shows the limit in its live memory figure.
    await page
      .locator('[data-usage="memory"]', { hasText: / \/ 256 MiB$/ })
      .waitFor({ timeout: 20_000 });
  });

  describe("a session that is gone", () => {
    test("destroyed while its console is open: the page turns read-only and keeps what it showed", async () => {
      await page.getByLabel("Command").fill("echo still-here");
      await page.getByRole("button", { name: "Run", exact: true }).click();
      await page.locator(".exec-block .exit.ok").waitFor();
      await api.sessions.destroySession({ id: limited });
      const gone = page.locator(".session-gone", { hasText: "This session is gone." });
      await gone.waitFor({ timeout: 15_000 });
      expect(await gone.textContent()).toContain("It was destroyed (destroyed on request)");
      expect(await page.getByRole("button", { name: "Run" }).count()).toBe(0);
      expect(await page.getByLabel("Command").count()).toBe(0);
      expect(await page.getByRole("button", { name: "Extend" }).isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Destroy" }).isVisible()).toBe(false);
      expect(await page.locator(".facts .badge").first().textContent()).toBe("destroyed");
      expect(await page.locator(".exec-output").textContent()).toBe("still-here\n");
      // What it showed can still be searched.
      await page.getByLabel("Find in output").fill("still");
      await page.locator(".search-count", { hasText: /^1 of 1$/ }).waitFor();
      await screenshot(page, "session-gone");
    });

    test("its terminal and files tabs offer no input and no upload", async () => {
      await page.getByRole("link", { name: "Terminal" }).click();
      await page.locator(".session-gone").waitFor();
      expect(await page.locator(".terminal-screen, .xterm").count()).toBe(0);
      await page.getByRole("link", { name: "Files" }).click();
      await page.locator(".session-gone").waitFor();
      expect(await page.locator("#upload-picker").count()).toBe(0);
      expect(await page.getByRole("button", { name: /upload/i }).count()).toBe(0);
    });

    test("opening a destroyed session's address shows it read-only from the start", async () => {
      await page.goto(`${daemon.url}/sessions/${limited}`);
      await page.locator(".session-gone", { hasText: "This session is gone." }).waitFor();
      expect(await page.getByRole("heading", { name: `Session ${limited}` }).count()).toBe(1);
      expect(await page.getByRole("button", { name: "Run" }).count()).toBe(0);
      expect(await page.getByLabel("Command").count()).toBe(0);
      await page.goto(`${daemon.url}/sessions/${limited}/files`);
      await page.locator(".session-gone").waitFor();
      expect(await page.locator("#upload-picker").count()).toBe(0);
    });

    test("destroyed while its terminal is open: the terminal closes, and its workspace is offered", async () => {
      await page.goto(`${daemon.url}/sessions/${ids.python}/terminal`);
      await page.getByRole("status").filter({ hasText: "Connected" }).waitFor({ timeout: 30_000 });
      await api.sessions.destroySession({ id: ids.python });
      const gone = page.locator(".session-gone");
      await gone.waitFor({ timeout: 15_000 });
      expect(await page.locator(".terminal-screen, .xterm").count()).toBe(0);
      await gone.getByRole("link", { name: "filter-ws" }).click();
      await page.waitForURL(`${daemon.url}/workspaces/filter-ws`);
    });
  });
});

describe("the not-found page", () => {
  test("an unknown session id says so and links back to the sessions", async () => {
    await page.goto(`${daemon.url}/sessions/nosuchsession0`);
    await page.getByRole("heading", { name: "Not found", exact: true }).waitFor();
    await page.getByText("There is no session nosuchsession0 on this daemon.").waitFor();
    expect(await page.title()).toBe("Not found · Sandkasten");
    expect(await page.getByRole("button", { name: "Run" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Console" }).count()).toBe(0);
    await screenshot(page, "not-found");
    await page.getByRole("link", { name: "Back to the sessions" }).click();
    await page.waitForURL(`${daemon.url}/sessions`);
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
  });

  test("an unknown workspace id says so and links back to the workspaces", async () => {
    await page.goto(`${daemon.url}/workspaces/no-such-ws`);
    await page.getByText("There is no workspace no-such-ws on this daemon.").waitFor();
    expect(await page.getByRole("heading", { name: "Not found", exact: true }).count()).toBe(1);
    expect(await page.locator("#upload-picker").count()).toBe(0);
    await page.getByRole("link", { name: "Back to the workspaces" }).click();
    await page.waitForURL(`${daemon.url}/workspaces`);
  });

  test("opened directly, an unknown address gets the page with a real 404 status", async () => {
    const res = await page.goto(`${daemon.url}/nope/deeper`);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "Not found", exact: true }).waitFor();
    await page.getByText("This dashboard has no page at /nope/deeper.").waitFor();
  });

  test("an address the dashboard has no page for says so and links back", async () => {
    // Only this test's errors: an earlier page's last poll (a stats call racing
    // a destroy, FailedPrecondition = 400) may have been logged before it.
    errors.length = 0;
    // A stale link inside the dashboard: client-side navigation to a path no route matches.
    await page.evaluate(
      'history.pushState(null, "", "/sessions/abc/nope"); window.dispatchEvent(new PopStateEvent("popstate"))',
    );
    await page.getByRole("heading", { name: "Not found", exact: true }).waitFor();
    await page.getByText("This dashboard has no page at /sessions/abc/nope.").waitFor();
    expect(await page.title()).toBe("Not found · Sandkasten");
    expect(await page.locator('.nav a[aria-current="page"]').count()).toBe(0);
    await page.getByRole("link", { name: "Back to the sessions" }).click();
    await page.waitForURL(`${daemon.url}/sessions`);
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
    expect(errors.filter((e) => !e.includes("status of 404"))).toEqual([]);
  });
});
