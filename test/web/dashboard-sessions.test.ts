import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Clients, clientsFor } from "../support/clients.js";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";
import { launchBrowser, openPage, PHONE, screenshot, signIn } from "./support/browser.js";

/**
 * The dashboard in Debian's Chromium against a real daemon and real
 * containers: sign-in, the live sessions table, a session's exec console
 * (output streams in as produced), file upload by drag and drop, and
 * destroying from the table.
 */

let daemon: ConfigFileDaemon;
let api: Clients;
let browser: Browser;
let page: Page;
let errors: string[];
let sessionId = "";

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startConfigFileDaemon(), launchBrowser()]);
  api = clientsFor(daemon);
  ({ page, errors } = await openPage(browser));
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const lastOutput = () => page.locator(".exec-block").last().locator(".exec-output");

async function runInConsole(cmd: string): Promise<void> {
  await page.getByLabel("Command").fill(cmd);
  await page.getByRole("button", { name: "Run", exact: true }).click();
}

describe("the dashboard in a browser", () => {
  test("a wrong API key is refused with a clear message, and the page stays on sign-in", async () => {
    await page.goto(`${daemon.url}/sessions`);
    await page.waitForURL(/\/sign-in\?next=%2Fsessions$/);
    await page.getByLabel("API key").fill("sk-not-the-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "did not accept this API key" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.evaluate('sessionStorage.getItem("sandkasten.apiKey")')).toBeNull();
    await screenshot(page, "sign-in");
    // The refused call is the one error the browser may log (its 401).
    expect(errors).toEqual([expect.stringContaining("status of 401")]);
    errors.length = 0;
  });

  test("signing in with the daemon's key shows the sessions page, empty at first", async () => {
    await signIn(page, daemon.url, daemon.apiKey);
    await page.getByText("No sessions").waitFor();
  });

  test("a session created from the page opens its console and shows up in the live table", async () => {
    await page.getByRole("button", { name: "New session" }).click();
    const dialog = page.getByRole("dialog", { name: "New session" });
    await dialog.getByLabel("Image").selectOption("sandbox-runtime:base");
    await dialog.getByLabel("TTL (seconds)").fill("900");
    await dialog.getByLabel("Environment").fill("GREETING=hello from the dashboard");
    await dialog.getByRole("button", { name: "Create session" }).click();
    await page.waitForURL(/\/sessions\/[a-z0-9]+$/, { timeout: 60_000 });
    sessionId = new URL(page.url()).pathname.split("/")[2] ?? "";
    const { sessions } = await api.sessions.listSessions({});
    expect(sessions.map((s) => s.id)).toEqual([sessionId]);
    expect(sessions[0]?.image).toBe("sandbox-runtime:base");
    await page.getByRole("heading", { name: `Session ${sessionId}` }).waitFor();
  });

  test("exec output streams in as it is produced: 1 is on the page before 3 exists", async () => {
    await runInConsole("for i in 1 2 3; do echo $i; sleep 1; done");
    const output = lastOutput();
    await output.filter({ hasText: "1" }).waitFor({ timeout: 15_000 });
    const early = await output.textContent();
    expect(early).toContain("1");
    expect(early).not.toContain("3");
    await page.locator('.exec-block:last-child[data-state="ok"]').waitFor({ timeout: 15_000 });
    expect((await output.textContent())?.trim().split("\n")).toEqual(["1", "2", "3"]);
    const result = await page.locator(".exec-block").last().locator(".exec-result").textContent();
    expect(result).toMatch(/^exit 0 · [\d.]+ s · \/workspace$/);
  });

  test("stderr is told apart from stdout, and the exit code, cwd and environment show", async () => {
    await runInConsole('cd /tmp && echo "$GREETING"; echo oops >&2; false');
    const block = page.locator(".exec-block").last();
    await block.locator(".exit.fail").waitFor();
    expect(await block.locator(".out-stdout").textContent()).toBe("hello from the dashboard\n");
    expect(await block.locator(".out-stderr").textContent()).toBe("oops\n");
    expect(await block.locator(".exec-result").textContent()).toMatch(
      /^exit 1 · [\d.]+ m?s · \/tmp$/,
    );
  });

  test("a running command can be cancelled from the page", async () => {
    await runInConsole("sleep 30; echo never");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page
      .locator('.exec-block:last-child[data-state="cancelled"]')
      .waitFor({ timeout: 10_000 });
    await runInConsole("echo after-cancel");
    await page
      .locator(".exec-block")
      .last()
      .locator(".exec-output", { hasText: "after-cancel" })
      .waitFor();
    const history = await page.locator(".history-list li").allTextContents();
    expect(history.slice(0, 2)).toEqual(["echo after-cancel", "sleep 30; echo never"]);
    await runInConsole("ls -la /workspace && uname -a");
    await page.locator('.exec-block:last-child[data-state="ok"]').waitFor();
    await screenshot(page, "session-console");
  });

  test("a flood past the page's cap keeps its end, and says how much earlier output was dropped", async () => {
    // 10 MiB of x (rows of 4096 characters), then a last line: the page keeps the last 8 MiB.
    await runInConsole("head -c 10485760 /dev/zero | tr '\\0' x; echo; echo the-end");
    const block = page.locator('.exec-block:last-child[data-state="ok"]');
    await block.waitFor({ timeout: 60_000 });
    expect(await block.locator(".exec-overflow").textContent()).toMatch(
      /^Earlier output dropped: the first 513 lines \(2\.0 MiB\)\. The page keeps the last 500,000 lines or 8\.0 MiB of a command/,
    );
    const last = block.locator(".out-line").last();
    expect(await last.textContent()).toBe("the-end\n");
    expect(await last.getAttribute("data-row")).toBe("2561");
    expect(await block.locator(".out-line").count()).toBeLessThan(200);
  });

  test("a file dropped on the Files tab is uploaded and found by ls in the session", async () => {
    await page.getByRole("link", { name: "Files" }).click();
    await page.waitForURL(`${daemon.url}/sessions/${sessionId}/files`);
    await page.getByText("This folder is empty").waitFor();
    // What a drag from the desktop delivers: a DataTransfer holding the file (built in the page).
    const dropped = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(["dropped by the browser test\\n"], "dropped.txt", { type: "text/plain" }));
      return transfer;
    })()`);
    await page.dispatchEvent(".file-browser", "drop", { dataTransfer: dropped });
    await page.locator('tr[data-name="dropped.txt"]').waitFor();
    await page.getByRole("button", { name: "New folder" }).click();
    await page.getByLabel("Folder name").fill("notes");
    await page.getByRole("button", { name: "Create" }).click();
    await page.locator('tr[data-name="notes"]').waitFor();
    await page.getByRole("button", { name: "dropped.txt", exact: true }).click();
    await page.locator(".file-text", { hasText: "dropped by the browser test" }).waitFor();
    await screenshot(page, "session-files");

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download dropped.txt" }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe("dropped.txt");
    expect(readFileSync((await saved.path()) ?? "", "utf8")).toBe("dropped by the browser test\n");

    const ls = await api.exec.exec({
      sessionId,
      cmd: "ls /workspace && cat /workspace/dropped.txt",
    });
    expect(ls.output.split("\n")).toEqual(
      expect.arrayContaining(["dropped.txt", "notes", "dropped by the browser test"]),
    );

    await page.getByRole("link", { name: "Console" }).click();
    await runInConsole("ls /workspace");
    await page
      .locator(".exec-block")
      .last()
      .locator(".exec-output", { hasText: "dropped.txt" })
      .waitFor();
  });

  test("the sessions table shows the session live, also at phone width", async () => {
    await page.getByRole("link", { name: "Sessions" }).click();
    const row = page.locator(`tr[data-session-id="${sessionId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("running");
    expect(await row.locator(".countdown").textContent()).toMatch(/^1[45]m \d\ds$/);
    await row.locator("td.num").last().filter({ hasText: "%" }).waitFor({ timeout: 15_000 });
    await screenshot(page, "sessions");

    const phone = await openPage(browser, PHONE);
    await signIn(phone.page, daemon.url, daemon.apiKey);
    await phone.page.locator(`tr[data-session-id="${sessionId}"]`).waitFor();
    await screenshot(phone.page, "sessions-phone");
    await phone.page.context().close();
    expect(phone.errors).toEqual([]);
  });

  test("extending a session from the table moves its countdown", async () => {
    const row = page.locator(`tr[data-session-id="${sessionId}"]`);
    await row.getByRole("button", { name: `Extend session ${sessionId}` }).click();
    const dialog = page.getByRole("dialog", { name: "Extend session" });
    await dialog.getByLabel("New TTL (seconds)").fill("7200");
    await dialog.getByRole("button", { name: "Extend" }).click();
    await row.locator(".countdown", { hasText: /^(1h 59m|2h 00m)$/ }).waitFor();
  });

  test("a session destroyed from the table leaves it without a reload", async () => {
    const row = page.locator(`tr[data-session-id="${sessionId}"]`);
    await row.getByRole("button", { name: `Destroy session ${sessionId}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Destroy" }).click();
    await row.waitFor({ state: "detached", timeout: 30_000 });
    await page.getByText("No sessions").waitFor();
    expect((await api.sessions.listSessions({})).sessions).toEqual([]);
    expect(errors).toEqual([]);
  });

  test("several sessions are destroyed at once after one confirmation", async () => {
    const ids = await Promise.all(
      [1, 2].map(
        async () => (await api.sessions.createSession({ image: "base" })).session?.id ?? "",
      ),
    );
    for (const id of ids) await page.locator(`tr[data-session-id="${id}"]`).waitFor();
    await page.getByLabel("Select all").check();
    await page.getByRole("button", { name: "Destroy selected (2)" }).click();
    const dialog = page.getByRole("dialog", { name: "Destroy 2 sessions?" });
    await dialog.getByRole("button", { name: "Destroy 2 sessions" }).click();
    await page.getByText("No sessions").waitFor({ timeout: 30_000 });
    expect((await api.sessions.listSessions({})).sessions).toEqual([]);
    expect(errors).toEqual([]);
  });
});
