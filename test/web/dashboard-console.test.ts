import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Clients, clientsFor } from "../support/clients.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { launchBrowser, openPage, screenshot, signIn } from "./support/browser.js";

/**
 * The exec console in Chromium against a real daemon and container: ANSI
 * colours rendered (and every other escape dropped), 400,000 lines held in
 * a virtualised view whose DOM stays small, and search in the output.
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
  const { session } = await api.sessions.createSession({ image: "base" });
  sessionId = session?.id ?? "";
  ({ page, errors } = await openPage(browser));
  await signIn(page, daemon.url, daemon.apiKey);
  await page.goto(`${daemon.url}/sessions/${sessionId}`);
  await page.getByRole("heading", { name: `Session ${sessionId}` }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

/** Runs a command from the console and waits until it has ended well. */
async function run(cmd: string, timeout = 30_000): Promise<Locator> {
  const before = await page.locator(".exec-block").count();
  await page.getByLabel("Command").fill(cmd);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const block = page.locator(".exec-block").nth(before);
  await block.locator(".exec-result .exit.ok").waitFor({ timeout });
  return block;
}

/** The computed colour, background and weight of an element. */
const style = (el: Locator): Promise<{ color: string; background: string; weight: string }> =>
  el.evaluate((e) => {
    // Through the element's window: the root tsconfig has no DOM globals.
    const s = e.ownerDocument.defaultView.getComputedStyle(e);
    return { color: s.color, background: s.backgroundColor, weight: s.fontWeight };
  });

describe("the exec console", () => {
  test("SGR colours and bold become styled spans; other escapes and controls never show", async () => {
    const block = await run(
      String.raw`printf '\033[31mred\033[0m plain \033[1;32mbold green\033[0m \033[38;5;208morange\033[39m \033[48;2;0;0;255mblue bg\033[0m\033]0;a title\007\033[2K\033[?25l done\n'; printf '\033[33mwarn\033[0m\n' >&2; printf 'progress 10%%\rprogress 100%%\n'`,
    );
    // stdout and stderr are two pipes: their order between each other is not fixed.
    const lines = await block.locator(".out-line").allTextContents();
    expect(lines.sort()).toEqual([
      "progress 100%\n",
      "red plain bold green orange blue bg done\n",
      "warn\n",
    ]);
    const text = (await block.locator(".exec-output").textContent()) ?? "";
    expect(text).not.toContain(String.fromCharCode(0x1b));
    expect(text).not.toContain("\r");
    expect(text).not.toMatch(/\[31m|\]0;|title|\[\?25l|\[2K/);

    const red = block.locator("span", { hasText: /^red$/ });
    expect(await red.getAttribute("class")).toBe("out-stdout ansi-fg-1");
    expect((await style(red)).color).toBe("rgb(248, 113, 113)");
    const bold = block.locator("span", { hasText: /^bold green$/ });
    expect(await style(bold)).toMatchObject({ color: "rgb(74, 222, 128)", weight: "700" });
    expect((await style(block.locator("span", { hasText: /^orange$/ }))).color).toBe(
      "rgb(255, 135, 0)",
    );
    expect((await style(block.locator("span", { hasText: /^blue bg$/ }))).background).toBe(
      "rgb(0, 0, 255)",
    );
    expect(await block.locator("span", { hasText: /^ plain $/ }).getAttribute("class")).toBe(
      "out-stdout",
    );
    const warn = block.locator("span.out-stderr");
    expect(await warn.getAttribute("class")).toBe("out-stderr ansi-fg-3");
    expect(await warn.textContent()).toBe("warn\n");
  });

  test("an escape sequence split across two chunks of output is still understood", async () => {
    const block = await run(
      String.raw`printf '\033[3'; sleep 0.5; printf '5mmagenta\033[0m after\n'`,
    );
    expect(await block.locator(".out-line").allTextContents()).toEqual(["magenta after\n"]);
    expect(await block.locator("span", { hasText: /^magenta$/ }).getAttribute("class")).toBe(
      "out-stdout ansi-fg-5",
    );
    await screenshot(page, "session-console-colours");
  });

  test("400,000 lines are all held but only the rows in view are in the DOM; the end scrolls into view", async () => {
    const started = Date.now();
    const block = await run("seq 1 400000", 120_000);
    const output = block.locator(".exec-output");
    await output.locator('.out-line[data-row="400000"]').waitFor();
    const rendered = Date.now() - started;
    // All rows are held: the spacer is 20 px a row tall.
    expect(await block.locator(".out-spacer").evaluate((e) => e.offsetHeight)).toBe(8_000_000);
    expect(await block.locator(".exec-overflow").isHidden()).toBe(true);
    const inDom = () => page.locator(".out-line").count();
    expect(await inDom()).toBeLessThan(200);

    const scrollTo = (fraction: number) =>
      output.evaluate((e, f) => {
        e.scrollTop = f * e.scrollHeight;
      }, fraction);
    let at = Date.now();
    await scrollTo(0);
    await output.locator('.out-line[data-row="1"]').waitFor();
    const toTop = Date.now() - at;
    expect(await output.locator('.out-line[data-row="1"]').textContent()).toBe("1\n");
    expect(await output.locator('.out-line[data-row="400000"]').count()).toBe(0);
    at = Date.now();
    await scrollTo(0.5);
    await output.locator('.out-line[data-row="200000"]').waitFor();
    const toMiddle = Date.now() - at;
    expect(await output.locator('.out-line[data-row="200000"]').textContent()).toBe("200000\n");
    at = Date.now();
    await scrollTo(1);
    const last = output.locator('.out-line[data-row="400000"]');
    await last.waitFor();
    const toEnd = Date.now() - at;
    expect(await last.textContent()).toBe("400000\n");
    expect(await last.isVisible()).toBe(true);
    expect(await inDom()).toBeLessThan(200);
    console.log(
      `seq 1 400000: ${rendered} ms from Run to the last line on screen; scrolling to the top ${toTop} ms, the middle ${toMiddle} ms, the end ${toEnd} ms; ${await inDom()} line elements in the DOM`,
    );
  });

  test("search counts the matches in every command's output, marks them and steps through them", async () => {
    const block = await run(String.raw`printf 'alpha one\nbeta\nALPHA two alpha three\n'`);
    const find = page.getByLabel("Find in output");
    const count = page.locator(".search-count");
    await find.fill("alpha");
    await count.filter({ hasText: /^1 of 3$/ }).waitFor();
    expect(await block.locator("mark.out-match").allTextContents()).toEqual([
      "alpha",
      "ALPHA",
      "alpha",
    ]);
    const current = () =>
      page.locator("mark.current").evaluate((m) => m.closest(".out-line")?.textContent);
    expect(await current()).toBe("alpha one\n");
    await find.press("Enter");
    await count.filter({ hasText: /^2 of 3$/ }).waitFor();
    expect(await page.locator("mark.current").textContent()).toBe("ALPHA");
    await page.getByRole("button", { name: "Next match" }).click();
    await count.filter({ hasText: /^3 of 3$/ }).waitFor();
    await page.getByRole("button", { name: "Next match" }).click();
    await count.filter({ hasText: /^1 of 3$/ }).waitFor();
    await page.getByRole("button", { name: "Previous match" }).click();
    await count.filter({ hasText: /^3 of 3$/ }).waitFor();
    expect(await current()).toBe("ALPHA two alpha three\n");
    await screenshot(page, "session-console-search");

    // A match far from view in the 400,000 lines: the search scrolls its row into the DOM.
    const big = page.locator(".exec-block", { hasText: "$ seq 1 400000" });
    await big.locator(".exec-output").evaluate((e) => {
      e.scrollTop = 0;
    });
    await big.locator('.out-line[data-row="1"]').waitFor();
    await find.fill("399999");
    await count.filter({ hasText: /^1 of 1$/ }).waitFor();
    const hit = big.locator('.out-line[data-row="399999"] mark.current');
    await hit.waitFor();
    expect(await hit.textContent()).toBe("399999");
    expect(await hit.isVisible()).toBe(true);

    await find.fill("no such text anywhere");
    await count.filter({ hasText: /^No matches$/ }).waitFor();
    await find.press("Escape");
    expect(await find.inputValue()).toBe("");
    expect(await page.locator("mark.out-match").count()).toBe(0);

    // Ctrl+F in the console goes to the search box (the browser's own cannot see rows out of view).
    await page.getByLabel("Command").focus();
    await page.keyboard.press("Control+f");
    expect(await page.evaluate("document.activeElement.id")).toBe("output-search");
    expect(errors).toEqual([]);
  });
});
