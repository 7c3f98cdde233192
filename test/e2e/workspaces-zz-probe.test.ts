import { randomBytes } from "node:crypto";
import { test } from "vitest";
import { freshWorkspaceId, startWorkspaceDaemon } from "../support/workspace-daemon.js";
import { tarArchive } from "../support/workspace-tar.js";
import { rest } from "../support/workspace-helpers.js";

const MiB = 1024 * 1024;
test("probe", async () => {
  for (const driver of ["volume", "directory"]) {
  const d = await startWorkspaceDaemon({ workspace: { driver, max_size_mb: 1 } });
  const log = (...a: unknown[]) => console.log(driver, Date.now() % 100000, ...a);
  const step = async (name: string, f: () => Promise<unknown>) => {
    log("start", name);
    const t = setTimeout(() => log("STUCK", name), 5000);
    try { log("ok", name, await f()); } catch (e) { log("err", name, String(e).slice(0, 200)); }
    clearTimeout(t);
  };
  for (let round = 0; round < 5; round++) {
    const id = freshWorkspaceId("probe");
    const second = randomBytes(600 * 1024);
    await step("big", () => d.ws.writeWorkspaceFile({ workspaceId: id, path: "big.bin", content: randomBytes(MiB + 1) }));
    await step("first", () => d.ws.writeWorkspaceFile({ workspaceId: id, path: "first.bin", content: randomBytes(600 * 1024) }));
    await step("second", () => d.ws.writeWorkspaceFile({ workspaceId: id, path: "second.bin", content: second }));
    await step("rest-write", async () => (await rest(d, "POST", `/v1/workspaces/${id}/fs/write`, { path: "second.bin", content_base64: second.toString("base64") })).status);
    await step("upload", () => d.ws.uploadWorkspaceFile((async function* () { yield { workspaceId: id, path: "streamed.bin" }; for (let i = 0; i < 8; i++) yield { data: randomBytes(128 * 1024) }; })()));
    const form = new FormData();
    form.append("file", new Blob([second]), "multi.bin");
    await step("multipart", async () => (await rest(d, "POST", `/v1/workspaces/${id}/fs/upload`, form)).status);
    const archive = tarArchive([{ name: "in-tar.bin", content: second }]);
    await step("import", () => d.ws.importWorkspace((async function* () { yield { workspaceId: id, data: archive }; })()));
    await step("rest-import", async () => (await rest(d, "POST", `/v1/workspaces/${id}/archive`, archive)).status);
  }
  await d.stop();
  }
}, 300_000);
