import {
  ConflictError,
  type JobEvent,
  NotFoundError,
  type SandboxClient,
  type Session,
} from "@sandkasten/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TestDaemon } from "../../support/test-daemon.js";
import { closeSdkSession, openSdkSession, TRANSPORTS } from "./helpers.js";

// session.jobs and exec's background / onTimeout, against a real daemon.

let daemon: TestDaemon;
let client: SandboxClient;
let session: Session;
beforeAll(async () => {
  ({ daemon, client, session } = await openSdkSession());
});
afterAll(() => closeSdkSession({ daemon, client, session }));

async function eventsOf(stream: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

const outputOf = (events: JobEvent[]) =>
  events.map((e) => (e.type === "output" ? e.data : "")).join("");

describe("exec as a job", () => {
  test("onTimeout detach leaves the command running and answers its jobId", async () => {
    const r = await session.exec("echo first; sleep 2; echo second; exit 4", {
      timeoutMs: 500,
      onTimeout: "detach",
    });
    expect(r).toMatchObject({ timedOut: true, exitCode: -1, output: "first\n" });
    expect(r.jobId).toMatch(/^j\d+$/);
    const running = await session.jobs.get(r.jobId ?? "");
    expect(running.status).toBe("running");
    expect(running.exitCode).toBeUndefined();

    const events = await eventsOf(session.jobs.attach(r.jobId ?? ""));
    expect(outputOf(events)).toBe("first\nsecond\n");
    const last = events.at(-1);
    expect(last?.type === "ended" && last.job).toMatchObject({
      id: r.jobId,
      status: "exited",
      exitCode: 4,
      signal: "",
    });
  });

  test("background answers at once; a command that ends in time has no running job", async () => {
    const started = Date.now();
    const r = await session.exec("sleep 30", { background: true });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toMatchObject({ exitCode: -1, timedOut: false });
    expect((await session.jobs.list()).map((j) => j.id)).toContain(r.jobId);
    await session.jobs.signal(r.jobId ?? "", "SIGKILL");
    expect(await session.jobs.wait(r.jobId ?? "")).toMatchObject({ status: "exited" });

    const quick = await session.exec("echo quick", { onTimeout: "detach" });
    expect(quick).toMatchObject({ exitCode: 0, output: "quick\n", timedOut: false });
    const plain = await session.exec("echo plain");
    expect(plain.jobId).toBeUndefined();
  });
});

describe("session.jobs", () => {
  test("start runs in the shell's directory; stdin reaches it; close ends its input", async () => {
    await session.exec("mkdir -p /tmp/jobdir && cd /tmp/jobdir");
    const job = await session.jobs.start('while read -r line; do echo "got $line"; done; echo eof');
    expect(job).toMatchObject({ status: "running", cwd: "/tmp/jobdir", signal: "" });
    expect(job.startedAt).toBeInstanceOf(Date);
    await session.jobs.writeStdin(job.id, "one\n");
    await session.jobs.writeStdin(job.id, new TextEncoder().encode("two\n"), { close: true });
    const ended = await session.jobs.wait(job.id);
    expect(ended).toMatchObject({ status: "exited", exitCode: 0 });
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect(outputOf(await eventsOf(session.jobs.attach(job.id)))).toBe("got one\ngot two\neof\n");
    await session.exec("cd /workspace");
  });

  test("a signal ends a job; signalling it again fails; skipKept leaves out the kept output", async () => {
    const job = await session.jobs.start("echo ready; sleep 60");
    const seen: JobEvent[] = [];
    for await (const e of session.jobs.attach(job.id)) {
      seen.push(e);
      if (e.type === "output" && e.data.includes("ready")) break;
    }
    expect(outputOf(seen)).toBe("ready\n");
    // Breaking out detached: the job runs on.
    expect((await session.jobs.get(job.id)).status).toBe("running");

    const later = eventsOf(session.jobs.attach(job.id, { skipKept: true }));
    await session.jobs.signal(job.id);
    const events = await later;
    expect(outputOf(events)).toBe("");
    const last = events.at(-1);
    expect(last?.type).toBe("ended");
    if (last?.type === "ended") {
      expect(last.job.signal === "SIGTERM" || last.job.exitCode === 143).toBe(true);
    }
    await expect(session.jobs.signal(job.id)).rejects.toMatchObject({
      constructor: ConflictError,
      code: "failed_precondition",
    });
  });

  test("a ring that wrapped says how much it dropped", async () => {
    const job = await session.jobs.start("head -c 1500000 /dev/zero | tr '\\0' x; echo end");
    await session.jobs.wait(job.id);
    const events = await eventsOf(session.jobs.attach(job.id));
    const dropped = events.find((e) => e.type === "dropped");
    expect(dropped?.type === "dropped" && dropped.bytes).toBeGreaterThan(0);
    const text = outputOf(events);
    expect(text.endsWith("end\n")).toBe(true);
    const info = await session.jobs.get(job.id);
    expect(info.outputBytes).toBe(1_500_004);
    expect(info.droppedBytes + text.length).toBe(info.outputBytes);
  });

  test("an unknown job is NotFoundError", async () => {
    await expect(session.jobs.get("j999999")).rejects.toBeInstanceOf(NotFoundError);
    await expect(eventsOf(session.jobs.attach("j999999"))).rejects.toBeInstanceOf(NotFoundError);
  });

  test.each(Object.keys(TRANSPORTS) as (keyof typeof TRANSPORTS)[])(
    "start, attach and list over %s",
    async (name) => {
      const other = TRANSPORTS[name](daemon);
      try {
        const same = await other.getSession(session.id);
        const job = await same.jobs.start("echo over-the-wire");
        expect(outputOf(await eventsOf(same.jobs.attach(job.id)))).toBe("over-the-wire\n");
        expect((await same.jobs.list()).map((j) => j.id)).toContain(job.id);
      } finally {
        other.close();
      }
    },
  );
});
