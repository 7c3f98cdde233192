import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientsFor } from "../support/clients.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { launchBrowser, openPage, screenshot, signIn } from "./support/browser.js";

/**
 * A session's Jobs tab in Chromium against a real daemon: a job started from
 * the form is listed, its output streams in, its stdin takes a line, Stop
 * ends one with SIGTERM; and the header's preview port opens a server the
 * sandbox runs in a new tab, through a preview token.
 */

const READER = "for i in 1 2 3; do echo tick $i; sleep 0.3; done; read -r x; echo got $x";
const SERVER =
  "cd /tmp && echo hi > index.html && (nohup python3 -m http.server 8000 >/dev/null 2>&1 &)";

let daemon: TestDaemon;
let browser: Browser;
let page: Page;
let errors: string[];
let sessionId = "";

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startTestDaemon(), launchBrowser()]);
  const { session } = await clientsFor(daemon).sessions.createSession({ image: "python" });
  sessionId = session?.id ?? "";
  ({ page, errors } = await openPage(browser));
  await signIn(page, daemon.url, daemon.apiKey);
  await page.goto(`${daemon.url}/sessions/${sessionId}`);
  await page.getByRole("heading", { name: `Session ${sessionId}` }).waitFor();
  await page.getByRole("link", { name: "Jobs" }).click();
  await page.waitForURL(`${daemon.url}/sessions/${sessionId}/jobs`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const jobRow = (cmd: string) => page.locator("tr[data-job-id]", { hasText: cmd });
const viewer = () => page.locator(".job-viewer");

async function startJob(cmd: string): Promise<void> {
  await page.getByLabel("Job command").fill(cmd);
  await page.getByRole("button", { name: "Start job" }).click();
  await jobRow(cmd).waitFor();
}

describe("the jobs tab", () => {
  test("a job started from the form runs, streams its output, reads stdin and exits 0", async () => {
    await startJob(READER);
    const row = jobRow(READER);
    expect(await row.getAttribute("data-status")).toBe("running");
    expect(await row.locator("td").first().textContent()).toMatch(/^j\d+$/);

    await row.getByRole("button", { name: "Output" }).click();
    await viewer().locator(".exec-output", { hasText: "tick 3" }).waitFor({ timeout: 15_000 });
    await viewer().getByLabel("Stdin").fill("hello");
    await viewer().getByRole("button", { name: "Send" }).click();
    await viewer().locator(".exec-output", { hasText: "got hello" }).waitFor({ timeout: 10_000 });
    await viewer().locator('.exec-block[data-state="ok"]').waitFor();
    expect(await viewer().locator(".exec-result").textContent()).toMatch(/^exit 0 · /);
    expect(await viewer().getByLabel("Stdin").isHidden()).toBe(true);

    await page.locator(`tr[data-job-id][data-status="exited"]`, { hasText: READER }).waitFor();
    expect(await row.locator(".job-result").textContent()).toBe("exit 0");
    expect(await row.getByRole("button", { name: "Stop" }).isHidden()).toBe(true);
  });

  test("Stop ends a running job with SIGTERM", async () => {
    await startJob("sleep 300");
    const row = jobRow("sleep 300");
    expect(await row.getAttribute("data-status")).toBe("running");
    await jobRow(READER).getByRole("button", { name: "Output" }).click();
    await viewer().locator(".exec-output", { hasText: "got hello" }).waitFor();
    await screenshot(page, "session-jobs");

    await row.getByRole("button", { name: "Stop" }).click();
    await page
      .locator(`tr[data-job-id][data-status="exited"]`, { hasText: "sleep 300" })
      .waitFor({ timeout: 10_000 });
    expect(await row.locator(".job-result").textContent()).toBe("SIGTERM (exit 143)");
  });

  test("output the ring no longer holds is counted in a dropped line", async () => {
    const flood = "head -c 1200000 /dev/zero | tr '\\0' x; echo; echo the-end";
    await startJob(flood);
    const row = jobRow(flood);
    await page
      .locator(`tr[data-job-id][data-status="exited"]`, { hasText: flood })
      .waitFor({ timeout: 15_000 });
    await row.getByRole("button", { name: "Output" }).click();
    await viewer().locator('.exec-block[data-state="ok"]').waitFor();
    expect(await viewer().locator(".exec-overflow").textContent()).toMatch(
      /^[\d,]+ bytes dropped: the job's ring keeps only its latest output\.$/,
    );
    // Drawn on the next frame; the rows are the ring's 1 MiB in lines of 4096 characters.
    await viewer()
      .locator(".out-line", { hasText: /^the-end\n$/ })
      .waitFor();
    expect(await row.locator("td").nth(6).textContent()).toMatch(/^1\.1 MiB \(.+ dropped\)$/);
  });

  test("the console's Run as job starts a command in the background, listed on the Jobs tab", async () => {
    await page.getByRole("link", { name: "Console" }).click();
    await page.getByLabel("Run as job").check();
    await page.getByLabel("Command", { exact: true }).fill("echo from the console");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const block = page.locator(".exec-block", { hasText: "started as job" });
    await block.waitFor();
    expect(await block.locator(".exec-result").textContent()).toMatch(
      /^started as job j\d+ · its output is in Jobs$/,
    );
    await block.getByRole("link", { name: "Jobs" }).click();
    await page.waitForURL(`${daemon.url}/sessions/${sessionId}/jobs`);
    await page
      .locator(`tr[data-job-id][data-status="exited"]`, { hasText: "echo from the console" })
      .waitFor({ timeout: 10_000 });
  });

  test("the preview port opens the sandbox's server in a new tab", async () => {
    await startJob(SERVER);
    // Until the server listens (the job ends as soon as it has started it).
    const base = `${daemon.url}/v1/sessions/${sessionId}/ports/8000/`;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(base, { headers: { authorization: `Bearer ${daemon.apiKey}` } });
      await res.arrayBuffer();
      if (res.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.getByLabel("Preview port").fill("8000");
    const opened = page.context().waitForEvent("page");
    await page.getByRole("button", { name: "Open", exact: true }).click();
    const preview = await opened;
    await preview.waitForLoadState();
    expect(new URL(preview.url()).searchParams.get("sandkasten_token")).toBeTruthy();
    expect((await preview.locator("body").textContent())?.trim()).toBe("hi");
    // The new tab cannot reach back to the dashboard.
    expect(await preview.evaluate("window.opener")).toBeNull();
    await preview.close();
    expect(errors).toEqual([]);
  });

  test("once the session is gone the tab is read-only: the list stays, nothing starts or stops", async () => {
    await startJob("sleep 600");
    await clientsFor(daemon).sessions.destroySession({ id: sessionId });
    await page.locator(".session-gone").waitFor({ timeout: 15_000 });
    expect(await page.getByLabel("Job command").count()).toBe(0);
    expect(await page.getByLabel("Preview port").isHidden()).toBe(true);
    await jobRow(READER).waitFor();
    expect(await page.getByRole("button", { name: "Stop" }).count()).toBe(0);
  });
});
