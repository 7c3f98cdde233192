import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { describe, expect, test } from "../support/fixtures.js";
import { createSessionOverMcp, mcpOverHttp, structuredOf, textOf } from "../support/mcp-clients.js";

/**
 * The MCP tools for jobs: exec with background and on_timeout, list_jobs,
 * job_output (waits a bounded time), write_job_stdin and signal_job, over
 * the daemon's /mcp against real containers.
 */

async function withSession(
  daemon: Parameters<typeof mcpOverHttp>[0],
  body: (client: Client, sessionId: string) => Promise<void>,
): Promise<void> {
  const client = await mcpOverHttp(daemon);
  const id = await createSessionOverMcp(client);
  try {
    await body(client, id);
  } finally {
    await client.callTool({ name: "destroy_session", arguments: { session_id: id } });
    await client.close();
  }
}

const call = (client: Client, name: string, args: Record<string, unknown>) =>
  client.callTool({ name, arguments: args });

interface JobOutput {
  job: { id: string; status: string; exit_code: number | null; signal: string | null };
  running: boolean;
  output: string;
  from_byte: number;
  next_byte: number;
}

async function jobOutput(client: Client, args: Record<string, unknown>): Promise<JobOutput> {
  return structuredOf(await call(client, "job_output", args)) as unknown as JobOutput;
}

describe("MCP jobs", () => {
  test("lists the job tools beside the others", async ({ daemon }) => {
    const client = await mcpOverHttp(daemon);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const name of ["list_jobs", "job_output", "write_job_stdin", "signal_job"]) {
      expect(names).toContain(name);
    }
    const exec = tools.find((t) => t.name === "exec");
    expect(Object.keys(exec?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["background", "on_timeout"]),
    );
    await client.close();
  });

  test("exec detached at its timeout answers a job_id; job_output reads on and waits for the end", async ({
    daemon,
  }) => {
    await withSession(daemon, async (client, id) => {
      const started = Date.now();
      const detached = await call(client, "exec", {
        session_id: id,
        command: "echo first; sleep 2; echo second; exit 5",
        timeout_ms: 500,
        on_timeout: "detach",
      });
      expect(Date.now() - started).toBeLessThan(2000);
      const r = structuredOf(detached);
      expect(r).toMatchObject({ exit_code: -1, timed_out: true, output: "first\n" });
      const jobId = String(r.job_id);
      expect(jobId).toMatch(/^j\d+$/);
      expect(textOf(detached)).toContain(`still running as job ${jobId}`);

      // wait_ms 0: what is there now, at once, while it runs.
      const now = await jobOutput(client, { session_id: id, job_id: jobId });
      expect(now).toMatchObject({ running: true, output: "first\n", from_byte: 0, next_byte: 6 });
      expect(now.job.status).toBe("running");

      const listed = structuredOf(await call(client, "list_jobs", { session_id: id }));
      expect((listed.jobs as { id: string }[]).map((j) => j.id)).toContain(jobId);

      // From where the last call ended, waiting for the end.
      const rest = await jobOutput(client, {
        session_id: id,
        job_id: jobId,
        from_byte: now.next_byte,
        wait_ms: 10_000,
      });
      expect(rest).toMatchObject({ running: false, output: "second\n", from_byte: 6 });
      expect(rest.next_byte).toBe(13);
      expect(rest.job).toMatchObject({ status: "exited", exit_code: 5 });
      const whole = await jobOutput(client, { session_id: id, job_id: jobId });
      expect(whole.output).toBe("first\nsecond\n");
    });
  });

  test("job_output gives up at wait_ms on a job that runs on", async ({ daemon }) => {
    await withSession(daemon, async (client, id) => {
      const bg = structuredOf(
        await call(client, "exec", { session_id: id, command: "sleep 60", background: true }),
      );
      expect(bg).toMatchObject({ exit_code: -1, timed_out: false });
      const started = Date.now();
      const out = await jobOutput(client, {
        session_id: id,
        job_id: String(bg.job_id),
        wait_ms: 700,
      });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(650);
      expect(took).toBeLessThan(5000);
      expect(out).toMatchObject({ running: true, output: "" });
      await call(client, "signal_job", {
        session_id: id,
        job_id: String(bg.job_id),
        signal: "SIGKILL",
      });
    });
  });

  test("write_job_stdin feeds a job; signal_job stops it; a second signal is an error", async ({
    daemon,
  }) => {
    await withSession(daemon, async (client, id) => {
      const bg = structuredOf(
        await call(client, "exec", {
          session_id: id,
          command: 'read -r line; echo "got $line"; sleep 60',
          background: true,
        }),
      );
      const jobId = String(bg.job_id);
      const wrote = await call(client, "write_job_stdin", {
        session_id: id,
        job_id: jobId,
        data: "ping\n",
      });
      expect(structuredOf(wrote)).toMatchObject({ written: 5, closed: false });
      let seen = "";
      for (let i = 0; i < 50 && !seen.includes("got ping"); i++) {
        seen = (await jobOutput(client, { session_id: id, job_id: jobId, wait_ms: 100 })).output;
      }
      expect(seen).toBe("got ping\n");

      const sent = await call(client, "signal_job", { session_id: id, job_id: jobId });
      expect(textOf(sent)).toBe(`Sent SIGTERM to job ${jobId}.`);
      const ended = await jobOutput(client, { session_id: id, job_id: jobId, wait_ms: 10_000 });
      expect(ended.running).toBe(false);
      expect(ended.job.signal === "SIGTERM" || ended.job.exit_code === 143).toBe(true);

      const again = await call(client, "signal_job", { session_id: id, job_id: jobId });
      expect(again.isError).toBe(true);
      expect(textOf(again)).toMatch(/^failed_precondition: /);
    });
  });

  test("base64 stdin with close; an unknown job is a tool error", async ({ daemon }) => {
    await withSession(daemon, async (client, id) => {
      const bg = structuredOf(
        await call(client, "exec", { session_id: id, command: "wc -c", background: true }),
      );
      const jobId = String(bg.job_id);
      await call(client, "write_job_stdin", {
        session_id: id,
        job_id: jobId,
        data: Buffer.from("abc\0def").toString("base64"),
        encoding: "base64",
        close: true,
      });
      const out = await jobOutput(client, { session_id: id, job_id: jobId, wait_ms: 10_000 });
      expect(out).toMatchObject({ running: false, output: "7\n" });
      expect(out.job.exit_code).toBe(0);

      const missing = await call(client, "job_output", { session_id: id, job_id: "j999999" });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toMatch(/^not_found: /);
    });
  });
});
