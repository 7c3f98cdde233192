import { readFileSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { WorkspaceService } from "../../gen/sandkasten/v1/workspace_pb.js";
import { type Clients, clientsFor, transportFor } from "../support/clients.js";
import { type ConfigFileDaemon, startConfigFileDaemon } from "../support/config-file-daemon.js";
import { launchBrowser, openPage, screenshot, signIn } from "./support/browser.js";

/**
 * The dashboard's other pages in Chromium against a real daemon: workspaces
 * (browse without a session, download as an archive, delete), the pool, and
 * the configuration (validate, save, restart notes).
 */

let daemon: ConfigFileDaemon;
let api: Clients;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  [daemon, browser] = await Promise.all([
    startConfigFileDaemon('pool:\n  enabled: true\n  images:\n    "sandbox-runtime:base": 1\n'),
    launchBrowser(),
  ]);
  api = clientsFor(daemon);
  ({ page, errors } = await openPage(browser));
  await signIn(page, daemon.url, daemon.apiKey);
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
});

describe("workspaces, pool and config pages", () => {
  test("the pages work from the keyboard: a skip link, and dialogs that take focus and close on Escape", async () => {
    await page.goto(`${daemon.url}/sessions`);
    await page.getByRole("heading", { name: "Sessions" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement.id")).toBe("main");
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.textContent")).toBe("New session");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "New session" });
    await dialog.waitFor();
    expect(await page.evaluate("document.activeElement.id")).toBe("new-image");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  test("the workspaces page lists a workspace with its size and attached session, and browses it without one", async () => {
    const { session } = await api.sessions.createSession({ image: "base", workspaceId: "demo-ws" });
    const sessionId = session?.id ?? "";
    await api.exec.exec({
      sessionId,
      cmd: "mkdir -p /workspace/src && printf 'print(42)\\n' > /workspace/src/main.py && seq 1 3000 > /workspace/numbers.txt",
    });
    await page.getByRole("link", { name: "Workspaces" }).click();
    const row = page.locator('tr[data-workspace-id="demo-ws"]');
    await row.waitFor();
    await row.getByRole("link", { name: sessionId }).waitFor();
    await screenshot(page, "workspaces");

    await row.getByRole("link", { name: "demo-ws" }).click();
    await page.waitForURL(`${daemon.url}/workspaces/demo-ws`);
    await page.locator('tr[data-name="src"]').waitFor();
    await page.getByRole("button", { name: "src/" }).click();
    await page.getByRole("button", { name: "main.py", exact: true }).click();
    await page.locator(".file-text", { hasText: "print(42)" }).waitFor();
    await screenshot(page, "workspace-files");

    await page.setInputFiles("#upload-picker", {
      name: "notes.md",
      mimeType: "text/markdown",
      buffer: Buffer.from("# picked\n"),
    });
    await page.locator('tr[data-name="notes.md"]').waitFor();
    const workspaces = createClient(WorkspaceService, transportFor(daemon, "grpc"));
    const picked = await workspaces.readWorkspaceFile({
      workspaceId: "demo-ws",
      path: "src/notes.md",
    });
    expect(Buffer.from(picked.content).toString()).toBe("# picked\n");

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download .tar" }).click();
    const archive = await download;
    expect(archive.suggestedFilename()).toBe("demo-ws.tar");
    const tar = readFileSync((await archive.path()) ?? "");
    expect(tar.includes(Buffer.from("print(42)"))).toBe(true);

    await api.sessions.destroySession({ id: sessionId });
  });

  test("a workspace deleted after confirming leaves the list", async () => {
    await page.getByRole("link", { name: "Workspaces" }).click();
    const row = page.locator('tr[data-workspace-id="demo-ws"]');
    await row.getByRole("button", { name: "Delete workspace demo-ws" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete workspace" }).click();
    await row.waitFor({ state: "detached" });
    await page.getByText("No workspaces").waitFor();
    const workspaces = createClient(WorkspaceService, transportFor(daemon, "grpc"));
    expect((await workspaces.listWorkspaces({})).workspaces).toEqual([]);
  });

  test("the pool page shows ready against target per image", async () => {
    await page.getByRole("link", { name: "Pool" }).click();
    const card = page.getByRole("region", { name: "sandbox-runtime:base" });
    await card.getByText("1 / 1").waitFor({ timeout: 60_000 });
    expect(await card.textContent()).toMatch(/In use\s*0/);
    await screenshot(page, "pool");
  });

  test("the config page validates an edit at the setting, saves a good one and says what needs a restart", async () => {
    await page.getByRole("link", { name: "Config" }).click();
    const ttl = page.getByLabel("session_ttl_seconds", { exact: true });
    await ttl.waitFor();
    expect(await page.getByLabel("api_key", { exact: true }).inputValue()).toBe("");
    expect(await page.content()).not.toContain(daemon.apiKey);

    await ttl.fill("999999");
    await page.getByRole("button", { name: "Validate" }).click();
    await page
      .locator('[data-key="session_ttl_seconds"] .field-error', {
        hasText: "larger than max_ttl_seconds",
      })
      .waitFor();
    await screenshot(page, "config");

    await ttl.fill("1200");
    await page.getByLabel("listen", { exact: true }).fill("127.0.0.1:18081");
    await page.getByRole("button", { name: "Save changes" }).click();
    const saved = page.locator(".config-result .notice-success");
    await saved.waitFor();
    expect(await saved.textContent()).toMatch(
      /Applied now: session_ttl_seconds\. Restart the daemon to apply: listen\./,
    );
    expect(parse(readFileSync(daemon.configFile, "utf8"))).toMatchObject({
      session_ttl_seconds: 1200,
      listen: "127.0.0.1:18081",
    });
    expect(daemon.daemon.ctx.config.session_ttl_seconds).toBe(1200);
    await page.locator('[data-key="listen"]', { hasText: "restart pending" }).waitFor();
    expect(errors).toEqual([]);
  });
});
