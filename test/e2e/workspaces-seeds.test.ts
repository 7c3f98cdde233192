import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  DRIVERS,
  startWorkspaceDaemon,
  type WorkspaceDaemon,
} from "../support/workspace-daemon.js";
import { execFileAsync, storageExists } from "../support/workspace-helpers.js";

/**
 * The curl calls of the workspace documents users already have (seeds 000,
 * 001 and 002), run by a real curl exactly as written, with only the
 * address and the key replaced.
 */

const WS = "user123-project";

/** The calls, verbatim from the seeds. */
const SEED = {
  // 000: "Create Session with Workspace" (short image name).
  create000: `curl -X POST http://localhost:8080/v1/sessions \\
-H "Authorization: Bearer sk-..." \\
-d '{
"image": "python",
"workspace_id": "user123-project"
}'`,
  // 001: the same with the full image reference.
  create001: `curl -X POST http://localhost:8080/v1/sessions \\
  -H "Authorization: Bearer sk-..." \\
  -d '{
    "image": "sandbox-runtime:python",
    "workspace_id": "user123-project"
  }'`,
  // 002: "Test workspace" (one line).
  create002: `curl -X POST http://localhost:8080/v1/sessions \\
  -H "Authorization: Bearer sk-sandbox-quickstart" \\
  -d '{"image":"sandbox-runtime:python","workspace_id":"test-ws"}'`,
  list: `curl http://localhost:8080/v1/workspaces \\
  -H "Authorization: Bearer sk-..."`,
  listFiles: `curl http://localhost:8080/v1/workspaces/user123-project/fs \\
-H "Authorization: Bearer sk-..."`,
  write: `curl -X POST http://localhost:8080/v1/workspaces/user123-project/fs/write \\
-H "Authorization: Bearer sk-..." \\
-H "Content-Type: application/json" \\
-d '{"path":"code.py","text":"print(\\"hello\\")"}'`,
  upload: `curl -X POST http://localhost:8080/v1/workspaces/user123-project/fs/upload \\
-H "Authorization: Bearer sk-..." \\
-F "file=@./data.csv"`,
  read: `curl "http://localhost:8080/v1/workspaces/user123-project/fs/read?path=/code.py" \\
-H "Authorization: Bearer sk-..."`,
  remove: `curl -X DELETE http://localhost:8080/v1/workspaces/user123-project \\
  -H "Authorization: Bearer sk-..."`,
};

const CSV = "name,score\nada,3\nlinus,5\n";

describe.each(DRIVERS)("the seeds' curl calls (%s driver)", (driver) => {
  let d: WorkspaceDaemon;
  let cwd: string;

  beforeAll(async () => {
    d = await startWorkspaceDaemon({ workspace: { driver } });
    cwd = mkdtempSync("/tmp/skt-seed-");
    writeFileSync(join(cwd, "data.csv"), CSV);
  });

  afterAll(async () => {
    await d?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  /** Runs one documented call through bash and curl; returns the status and the JSON answer. */
  // biome-ignore lint/suspicious/noExplicitAny: the answers are JSON of several shapes
  async function seed(call: string): Promise<{ status: number; json: any }> {
    const port = new URL(d.url).port;
    const cmd = call
      .replaceAll("http://localhost:8080", `http://localhost:${port}`)
      .replace(/Bearer sk-[a-z.-]*/, `Bearer ${d.apiKey}`);
    const { stdout } = await execFileAsync("bash", ["-c", `${cmd} -sS -w '\\n%{http_code}'`], {
      cwd,
      encoding: "utf8",
    });
    const cut = stdout.lastIndexOf("\n");
    const body = stdout.slice(0, cut);
    return { status: Number(stdout.slice(cut + 1)), json: body ? JSON.parse(body) : undefined };
  }

  async function exec(sessionId: string, cmd: string): Promise<string> {
    const r = await d.api.exec.exec({ sessionId, cmd, timeoutMs: 30_000 });
    expect(r.exitCode, r.output).toBe(0);
    return r.output;
  }

  test("session 1 writes, is destroyed; session 2 (created by the other seed's call) finds the file; browse, write, upload, read, delete", async () => {
    // 000: create with the short image name and no Content-Type.
    const one = await seed(SEED.create000);
    expect(one.status).toBe(201);
    expect(one.json).toMatchObject({
      image: "sandbox-runtime:python",
      status: "running",
      workspace_id: WS,
      cwd: "/workspace",
    });
    await exec(one.json.id, "printf 'x = 1\\n' > file.py");
    await d.api.sessions.destroySession({ id: one.json.id });

    // 001: the full image reference; the file is still there.
    const two = await seed(SEED.create001);
    expect(two.status).toBe(201);
    expect(two.json).toMatchObject({ image: "sandbox-runtime:python", workspace_id: WS });
    expect(await exec(two.json.id, "cat /workspace/file.py")).toBe("x = 1\n");

    const list = await seed(SEED.list);
    expect(list.status).toBe(200);
    const item = list.json.workspaces.find((w: { id: string }) => w.id === WS);
    expect(item).toMatchObject({ id: WS, driver, session_ids: [two.json.id] });
    expect(Number.isNaN(Date.parse(item.created_at))).toBe(false);

    const files = await seed(SEED.listFiles);
    expect(files.status).toBe(200);
    expect(files.json.path).toBe("/");
    expect(files.json.entries.map((e: { name: string }) => e.name)).toEqual(["file.py"]);

    const write = await seed(SEED.write);
    expect(write).toEqual({ status: 200, json: { ok: true } });
    const upload = await seed(SEED.upload);
    expect(upload).toEqual({ status: 200, json: { ok: true, paths: ["/data.csv"] } });

    const read = await seed(SEED.read);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ path: "/code.py", truncated: false });
    expect(Buffer.from(read.json.content_base64, "base64").toString()).toBe('print("hello")');

    // The running session sees what the API wrote, as its own files.
    expect(
      await exec(two.json.id, "python3 code.py && cat data.csv && stat -c %u code.py data.csv"),
    ).toBe(`hello\n${CSV}1000\n1000\n`);

    // Still attached: the documented delete is refused, then works once the session is gone.
    const busy = await seed(SEED.remove);
    expect(busy.status).toBe(409);
    expect(busy.json.error).toContain(two.json.id);
    await d.api.sessions.destroySession({ id: two.json.id });
    const removed = await seed(SEED.remove);
    expect(removed).toEqual({ status: 200, json: { ok: true } });
    expect(await storageExists(d, driver, WS)).toBe(false);
    const after = await seed(SEED.list);
    expect(after.json.workspaces.map((w: { id: string }) => w.id)).not.toContain(WS);
  });

  test("seed 002's one-line create with the full image reference", async () => {
    const r = await seed(SEED.create002);
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      image: "sandbox-runtime:python",
      status: "running",
      workspace_id: "test-ws",
    });
    await d.api.sessions.destroySession({ id: r.json.id });
    const removed = await seed(SEED.remove.replace(WS, "test-ws"));
    expect(removed).toEqual({ status: 200, json: { ok: true } });
  });
});
