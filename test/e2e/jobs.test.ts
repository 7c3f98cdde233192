import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Client, Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { JobService, JobStatus } from "../../gen/sandkasten/v1/job_pb.js";
import { loadConfig } from "../../src/config/load.js";
import { createLogger } from "../../src/log.js";
import { type Daemon, startDaemon } from "../../src/server/daemon.js";
import { type Clients, clientsFor, transportFor } from "../support/clients.js";
import { connectErrorOf } from "../support/exec-helpers.js";
import { testInstance } from "../support/test-daemon.js";

/**
 * Jobs: commands handed over instead of killed, owned by the runner, so
 * that they outlive the daemon; their output kept in a ring on disk.
 */
const dataDir = mkdtempSync("/tmp/skt-");
const config = loadConfig({
  env: {},
  overrides: {
    listen: "127.0.0.1:0",
    api_key: `sk-test-${randomBytes(8).toString("hex")}`,
    data_dir: dataDir,
    instance: `${testInstance()}-jobs`,
    log_level: "error",
  },
});
let daemon: Daemon;
let api: Clients;
let jobs: Client<typeof JobService>;
let sessionId = "";

async function start(): Promise<void> {
  daemon = await startDaemon(config, { log: createLogger("error") });
  const d = { daemon, url: daemon.url, apiKey: config.api_key, dataDir, stop: daemon.stop };
  api = clientsFor(d);
  jobs = createClient(JobService, transportFor(d, "grpc", config.api_key));
}

beforeAll(async () => {
  await start();
  sessionId = (await api.sessions.createSession({ image: "base" })).session?.id ?? "";
});

afterAll(async () => {
  for (const s of await daemon.ctx.sessions.list())
    await daemon.ctx.sessions.destroy(s.id).catch(() => {});
  await daemon.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function attachText(jobId: string): Promise<{ text: string; exitCode: number }> {
  let text = "";
  let exitCode = Number.NaN;
  for await (const e of jobs.attachJob({ sessionId, jobId })) {
    if (e.event.case === "output") text += Buffer.from(e.event.value.data).toString();
    if (e.event.case === "ended") exitCode = e.event.value.exitCode;
  }
  return { text, exitCode };
}

describe("jobs", () => {
  test("a command detached at its timeout is listed, attached, read after it ends — across a daemon restart", async () => {
    await api.exec.exec({ sessionId, cmd: "cd /tmp && export GREETING=hello" });
    const started = Date.now();
    const r = await api.exec.exec({
      sessionId,
      cmd: 'echo "$GREETING from $PWD"; sleep 4; echo done; exit 3',
      timeoutMs: 1000,
      onTimeout: "detach",
    });
    expect(Date.now() - started).toBeLessThan(3500);
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(-1);
    expect(r.jobId).toMatch(/^j\d+$/);
    expect(r.output).toBe("hello from /tmp\n");
    const { jobs: listed } = await jobs.listJobs({ sessionId });
    expect(listed.map((j) => [j.id, j.status])).toContainEqual([r.jobId, JobStatus.RUNNING]);

    // The daemon goes away and comes back; the job lives on in the runner.
    await daemon.stop();
    await start();
    const attached = await attachText(r.jobId);
    expect(attached).toEqual({ text: "hello from /tmp\ndone\n", exitCode: 3 });
    const { job } = await jobs.getJob({ sessionId, jobId: r.jobId });
    expect(job?.status).toBe(JobStatus.EXITED);
    expect(job?.exitCode).toBe(3);
    expect(job?.cwd).toBe("/tmp");
    // The session's shell was never held up, and kept its state.
    expect((await api.exec.exec({ sessionId, cmd: "echo $GREETING; pwd" })).output).toBe(
      "hello\n/tmp\n",
    );
  }, 30_000);

  test("stdin written to a job reaches its read; a signal ends it", async () => {
    const r = await api.exec.exec({
      sessionId,
      cmd: 'read -r line; echo "got $line"; sleep 60',
      background: true,
    });
    expect(r.jobId).not.toBe("");
    await jobs.writeJobStdin({ sessionId, jobId: r.jobId, data: Buffer.from("ping\n") });
    const seen: string[] = [];
    for await (const e of jobs.attachJob({ sessionId, jobId: r.jobId })) {
      if (e.event.case === "output") {
        seen.push(Buffer.from(e.event.value.data).toString());
        if (seen.join("").includes("got ping")) {
          await jobs.signalJob({ sessionId, jobId: r.jobId, signal: "SIGTERM" });
        }
      }
      if (e.event.case === "ended") {
        expect(e.event.value.signal === "SIGTERM" || e.event.value.exitCode === 143).toBe(true);
      }
    }
    expect(seen.join("")).toBe("got ping\n");
    const again = await connectErrorOf(jobs.signalJob({ sessionId, jobId: r.jobId }));
    expect(again.code).toBe(Code.FailedPrecondition);
  });

  test("a job that finishes in time is answered like a plain exec, with its job id", async () => {
    const r = await api.exec.exec({ sessionId, cmd: "echo quick; exit 7", onTimeout: "detach" });
    expect(r).toMatchObject({ exitCode: 7, output: "quick\n", timedOut: false });
    expect(r.jobId).toMatch(/^j\d+$/);
  });

  test("output past the ring is dropped from its oldest end, and said so", async () => {
    const { job } = await jobs.startJob({
      sessionId,
      cmd: "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo tail-end",
    });
    const id = job?.id ?? "";
    // Attached only once it ended, so the ring has wrapped.
    for (let i = 0; i < 100; i++) {
      const { job: now } = await jobs.getJob({ sessionId, jobId: id });
      if (now?.status === JobStatus.EXITED) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    let dropped = 0n;
    let text = "";
    for await (const e of jobs.attachJob({ sessionId, jobId: id })) {
      if (e.event.case === "droppedBytes") dropped += e.event.value;
      if (e.event.case === "output") text += Buffer.from(e.event.value.data).toString();
    }
    expect(text.length).toBe(1024 * 1024);
    expect(text.endsWith("tail-end\n")).toBe(true);
    expect(Number(dropped) + text.length).toBe(3_000_000 + "\ntail-end\n".length);
  });

  test("the rings are root's, out of the sandbox's reach", async () => {
    const dir = join(dataDir, "sessions", sessionId, "jobs");
    const info = statSync(dir);
    expect([info.uid, info.mode & 0o777]).toEqual([0, 0o700]);
    const look = await api.exec.exec({
      sessionId,
      cmd: "ls /run/sandkasten/jobs; echo x > /run/sandkasten/jobs/j1.out",
    });
    expect(look.exitCode).not.toBe(0);
    expect(look.output).toContain("Permission denied");
  });

  test("unknown jobs are NotFound; REST lists, starts and streams them", async () => {
    expect((await connectErrorOf(jobs.getJob({ sessionId, jobId: "j999" }))).code).toBe(
      Code.NotFound,
    );
    const headers = {
      authorization: `Bearer ${config.api_key}`,
      "content-type": "application/json",
    };
    const base = `${daemon.url}/v1/sessions/${sessionId}`;
    const started = await fetch(`${base}/jobs`, {
      method: "POST",
      headers,
      body: JSON.stringify({ cmd: "echo via-rest" }),
    });
    expect(started.status).toBe(201);
    const job = (await started.json()) as { id: string };
    const sse = await (await fetch(`${base}/jobs/${job.id}/attach`, { headers })).text();
    expect(sse).toContain('"chunk":"via-rest\\n"');
    expect(sse).toContain("event: ended");
    const list = (await (await fetch(`${base}/jobs`, { headers })).json()) as { id: string }[];
    expect(list.map((j) => j.id)).toContain(job.id);
    const background = await fetch(`${base}/exec`, {
      method: "POST",
      headers,
      body: JSON.stringify({ cmd: "sleep 5", background: true }),
    });
    expect(background.status).toBe(202);
    expect(((await background.json()) as { job_id: string }).job_id).toMatch(/^j\d+$/);
  });
});
