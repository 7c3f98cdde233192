import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium (scripts/lib/web.sh ensure_chromium installs it). */
export const CHROMIUM = process.env.SANDKASTEN_CHROMIUM ?? "/usr/bin/chromium";

/** The README shows the screenshots the browser tests take here. */
export const SCREENSHOTS = "docs/screenshots";

export const LAPTOP = { width: 1366, height: 860 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root in a container: Chromium's own sandbox needs user namespaces it may not get.
      args: ["--no-sandbox", "--disable-dev-shm-usage"],
    });
  } catch (err) {
    throw new Error(
      `cannot start Chromium at ${CHROMIUM} (source scripts/lib/web.sh and run ensure_chromium): ${(err as Error).message}`,
    );
  }
}

/** A page that fails the test on any uncaught error in the dashboard. */
export async function openPage(
  browser: Browser,
  viewport = LAPTOP,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return { page, errors };
}

/** Signs in on the sign-in page and waits for the sessions page. */
export async function signIn(page: Page, url: string, apiKey: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("API key").fill(apiKey);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${url}/sessions`);
  await page.getByRole("heading", { name: "Sessions" }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A page at rest: fonts loaded, and no passing notices from earlier steps.
  await page.evaluate(
    "(async () => { await document.fonts.ready; document.getElementById('toasts')?.replaceChildren(); })()",
  );
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
