import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientsFor } from "../support/clients.js";
import { startTestDaemon, type TestDaemon } from "../support/test-daemon.js";
import { LAPTOP, launchBrowser, screenshot, signIn } from "./support/browser.js";

/**
 * Dark mode in Chromium: the dashboard follows the system's
 * prefers-color-scheme (emulated), and a toggle overrides it; the choice is
 * kept in localStorage and survives a reload.
 */

let daemon: TestDaemon;
let browser: Browser;

beforeAll(async () => {
  [daemon, browser] = await Promise.all([startTestDaemon(), launchBrowser()]);
  // Something to show in the screenshot.
  await clientsFor(daemon).sessions.createSession({ image: "base" });
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

const LIGHT_BG = "rgb(246, 247, 249)";
const DARK_BG = "rgb(15, 20, 27)";

// Expressions, not functions: the root tsconfig has no DOM types.
const background = (page: Page) =>
  page.evaluate("getComputedStyle(document.documentElement).backgroundColor");
const stored = (page: Page) => page.evaluate('localStorage.getItem("sandkasten.theme")');
const toggle = (page: Page) => page.getByRole("button", { name: "Dark mode" });

async function pageWith(colorScheme: "light" | "dark") {
  const context = await browser.newContext({ viewport: LAPTOP, colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  return { page, errors };
}

describe("dark mode", () => {
  test("follows the system's preference, on sign-in and after, and when it changes", async () => {
    const { page, errors } = await pageWith("dark");
    await page.goto(`${daemon.url}/sign-in`);
    expect(await background(page)).toBe(DARK_BG);
    await signIn(page, daemon.url, daemon.apiKey);
    expect(await background(page)).toBe(DARK_BG);
    expect(await page.evaluate("document.documentElement.dataset.theme")).toBe("dark");
    expect(await toggle(page).getAttribute("aria-pressed")).toBe("true");
    await page.locator("td.num", { hasText: "%" }).waitFor({ timeout: 20_000 });
    // Text on the page is light on dark, not the light theme's dark text.
    expect(await page.evaluate('getComputedStyle(document.querySelector("h1")).color')).toBe(
      "rgb(227, 232, 239)",
    );
    await screenshot(page, "sessions-dark");

    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    expect(await toggle(page).getAttribute("aria-pressed")).toBe("false");
    await page.context().close();
    expect(errors).toEqual([]);
  });

  test("the toggle switches the theme, and the choice is remembered across reloads", async () => {
    const { page, errors } = await pageWith("light");
    await signIn(page, daemon.url, daemon.apiKey);
    expect(await background(page)).toBe(LIGHT_BG);

    await toggle(page).click();
    expect(await background(page)).toBe(DARK_BG);
    expect(await toggle(page).getAttribute("aria-pressed")).toBe("true");
    expect(await stored(page)).toBe("dark");

    await page.reload();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
    expect(await background(page)).toBe(DARK_BG);
    // The choice outranks the system's preference, and holds on other pages.
    await page.getByRole("link", { name: "Pool" }).click();
    await page.getByRole("heading", { name: "Pool" }).waitFor();
    expect(await background(page)).toBe(DARK_BG);

    await toggle(page).click();
    expect(await background(page)).toBe(LIGHT_BG);
    // Back at what the system prefers: the page follows the system again.
    expect(await stored(page)).toBeNull();
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(() => background(page)).toBe(DARK_BG);

    // Under a dark system, choosing light is remembered as light.
    await toggle(page).click();
    expect(await background(page)).toBe(LIGHT_BG);
    expect(await stored(page)).toBe("light");
    await page.reload();
    await page.getByRole("heading", { name: "Pool" }).waitFor();
    expect(await background(page)).toBe(LIGHT_BG);
    await page.context().close();
    expect(errors).toEqual([]);
  });
});
