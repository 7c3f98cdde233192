import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Clients, clientsFor } from "../support/clients.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { launchBrowser, openPage, screenshot, signIn } from "./support/browser.js";

/**
 * The session's Terminal tab in Chromium: a real PTY (PtyService) behind
 * xterm.js. What is typed echoes, programs run, Ctrl-C interrupts the
 * foreground job, and resizing the window resizes the terminal.
 */

let daemon: TestDaemon;
let api: Clients;
let browser: Browser;
let page: Page;
let errors: string[];
let sessionId = "";

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startTestDaemon(), launchBrowser()]);
  api = clientsFor(daemon);
  const { session } = await api.sessions.createSession({ image: "python" });
  sessionId = session?.id ?? "";
  ({ page, errors } = await openPage(browser));
  await signIn(page, daemon.url, daemon.apiKey);
  await page.goto(`${daemon.url}/sessions/${sessionId}/terminal`);
  await page.getByRole("status").filter({ hasText: "Connected" }).waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

/** The terminal's screen, a line per row (xterm's DOM renderer draws each row as a div). */
const screenText = async () =>
  (await page.locator(".xterm-rows > div").allTextContents())
    .map((row) => row.replace(/\u00a0/g, " ").trimEnd())
    .join("\n");

async function waitForScreen(pattern: RegExp, timeout = 10_000): Promise<string> {
  const until = Date.now() + timeout;
  let text = "";
  while (Date.now() < until) {
    text = await screenText();
    if (pattern.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the terminal never showed ${pattern}; it shows:\n${text}`);
}

async function typeLine(line: string): Promise<void> {
  await page.locator(".terminal-screen").click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

describe("the terminal tab", () => {
  test("what is typed echoes and runs in a real shell", async () => {
    await typeLine("echo typed-$((6*7))");
    const text = await waitForScreen(/^typed-42\s*$/m);
    expect(text).toContain("echo typed-$((6*7))");
  });

  test("Ctrl-C interrupts the foreground program, and the shell goes on", async () => {
    await typeLine("sleep 300");
    // Ctrl-C goes to whoever is in the foreground: wait until that is sleep.
    const sleeping = async () =>
      (await api.exec.exec({ sessionId, cmd: "pgrep -x sleep" })).exitCode === 0;
    await expect.poll(sleeping, { timeout: 10_000 }).toBe(true);
    await page.keyboard.press("Control+C");
    await expect.poll(sleeping, { timeout: 10_000 }).toBe(false);
    await typeLine("echo after-$((40+2))-interrupt");
    await waitForScreen(/^after-42-interrupt\s*$/m, 5000);
  });

  test("a python3 REPL runs interactively", async () => {
    await typeLine("python3 -q");
    await waitForScreen(/^>>> ?$/m);
    await typeLine("print(sum(range(10)))");
    await waitForScreen(/^45\s*$/m);
    await page.keyboard.press("Control+D");
  });

  test("top runs full-screen and quits on q", async () => {
    await typeLine("top -d 1");
    await waitForScreen(/load average/);
    await waitForScreen(/PID\s+USER/);
    await screenshot(page, "session-terminal");
    await page.keyboard.press("q");
    await typeLine("echo top-$((1+1))-done");
    await waitForScreen(/^top-2-done\s*$/m);
  });

  test("resizing the window resizes the terminal (stty size follows)", async () => {
    await typeLine("clear; stty size | sed 's/^/size-before: /'");
    const before = /size-before: (\d+) (\d+)/
      .exec(await waitForScreen(/size-before: \d+ \d+/))
      ?.slice(1);
    await page.setViewportSize({ width: 900, height: 640 });
    await page.waitForTimeout(500);
    await typeLine("stty size | sed 's/^/size-after: /'");
    const after = /size-after: (\d+) (\d+)/
      .exec(await waitForScreen(/size-after: \d+ \d+/))
      ?.slice(1);
    expect(after).toBeDefined();
    expect(Number(after?.[1])).toBeLessThan(Number(before?.[1]));
    expect(Number(after?.[0])).toBeLessThan(Number(before?.[0]));
    expect(errors).toEqual([]);
  });
});
