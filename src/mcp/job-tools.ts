import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import * as z from "zod";
import type { Job } from "../../gen/sandkasten/v1/job_pb.js";
import { jobToJson } from "../rest/job-json.js";
import { callOptionsFor, type SandboxApi } from "./clients.js";
import { collectJobOutput, isRunning } from "./job-output.js";
import { encoding, sessionId } from "./schemas.js";
import { guarded, toolResult } from "./tool-result.js";

const MAX_WAIT_MS = 30_000;
// WriteJobStdin takes at most 1 MiB; as base64 that is 4/3 of it.
const MAX_STDIN_CHARS = Math.ceil((1024 * 1024) / 3) * 4;

const jobId = z
  .string()
  .regex(/^j[0-9]{1,9}$/, "a job id is j and digits")
  .describe("The job's id, as exec (background or on_timeout detach) or list_jobs gave it");

const job = z.looseObject({}).describe("The job, as the REST API shows it");

/** Tools for jobs: commands running beside a session's shell (started by exec). */
export function registerJobTools(server: McpServer, api: SandboxApi): void {
  server.registerTool(
    "list_jobs",
    {
      title: "List a session's jobs",
      description:
        "Lists the session's jobs (commands exec started with background, or detached at their timeout): running and ended.",
      inputSchema: { session_id: sessionId },
      outputSchema: { jobs: z.array(job) },
      annotations: { readOnlyHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        const { jobs } = await api.jobs.listJobs(
          { sessionId: input.session_id },
          callOptionsFor(api, extra.signal),
        );
        const lines = jobs.map((j) => `${j.id}  ${statusText(j)}  ${firstLine(j.cmd)}`);
        return toolResult(lines.length > 0 ? lines.join("\n") : "No jobs.", {
          jobs: jobs.map(jobToJson),
        });
      }),
  );

  server.registerTool(
    "job_output",
    {
      title: "Read a job's output",
      description:
        "Returns a job's output so far (stdout and stderr together; the oldest is dropped past 1 MiB) and its status, " +
        `waiting up to wait_ms (at most ${MAX_WAIT_MS}) for it to end first. Pass next_byte back as from_byte to read only what came since.`,
      inputSchema: {
        session_id: sessionId,
        job_id: jobId,
        wait_ms: z
          .number()
          .int()
          .min(0)
          .max(MAX_WAIT_MS)
          .default(0)
          .describe("Wait this long for the job to end (0: answer at once)"),
        from_byte: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe("Leave out the output before this byte (a previous call's next_byte)"),
      },
      outputSchema: {
        job,
        running: z.boolean(),
        output: z.string(),
        truncated: z.boolean(),
        from_byte: z.number().int(),
        next_byte: z.number().int(),
      },
      annotations: { readOnlyHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        const r = await collectJobOutput(
          api,
          { sessionId: input.session_id, jobId: input.job_id },
          { fromByte: input.from_byte, waitMs: input.wait_ms, signal: extra.signal },
        );
        const result = {
          job: jobToJson(r.job),
          running: isRunning(r.job),
          output: r.output.text,
          truncated: r.output.truncated,
          from_byte: r.fromByte,
          next_byte: r.nextByte,
        };
        const body =
          result.output === "" || result.output.endsWith("\n")
            ? result.output
            : `${result.output}\n`;
        const notes = [
          `job ${r.job.id} ${statusText(r.job)}`,
          `bytes ${r.fromByte}-${r.nextByte}`,
          ...(r.output.truncated ? [`${r.output.omittedBytes} bytes left out in the middle`] : []),
        ];
        return toolResult(`${body}[${notes.join(", ")}]`, result);
      }),
  );

  server.registerTool(
    "write_job_stdin",
    {
      title: "Write to a job's stdin",
      description:
        "Writes data to a running job's stdin; close: true then closes it (the job reads end of file).",
      inputSchema: {
        session_id: sessionId,
        job_id: jobId,
        data: z
          .string()
          .max(MAX_STDIN_CHARS)
          .default("")
          .describe("What to write, e.g. a line with its \\n"),
        encoding,
        close: z.boolean().default(false).describe("Close stdin after the data"),
      },
    },
    (input, extra) =>
      guarded(async () => {
        const data = Buffer.from(input.data, input.encoding === "base64" ? "base64" : "utf8");
        await api.jobs.writeJobStdin(
          { sessionId: input.session_id, jobId: input.job_id, data, close: input.close },
          callOptionsFor(api, extra.signal),
        );
        const closed = input.close ? " and closed its stdin" : "";
        return toolResult(`Wrote ${data.length} bytes to job ${input.job_id}${closed}.`, {
          written: data.length,
          closed: input.close,
        });
      }),
  );

  server.registerTool(
    "signal_job",
    {
      title: "Signal a job",
      description:
        "Sends a signal to a running job's process group: SIGTERM (default) asks it to stop, SIGKILL stops it at once, SIGINT is Ctrl-C.",
      inputSchema: {
        session_id: sessionId,
        job_id: jobId,
        signal: z
          .enum(["SIGTERM", "SIGKILL", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"])
          .default("SIGTERM"),
      },
      annotations: { destructiveHint: true },
    },
    (input, extra) =>
      guarded(async () => {
        await api.jobs.signalJob(
          { sessionId: input.session_id, jobId: input.job_id, signal: input.signal },
          callOptionsFor(api, extra.signal),
        );
        return toolResult(`Sent ${input.signal} to job ${input.job_id}.`, { sent: input.signal });
      }),
  );
}

function statusText(j: Job): string {
  if (isRunning(j)) return "running";
  return j.signal ? `ended by ${j.signal} (exit code ${j.exitCode})` : `exited ${j.exitCode}`;
}

function firstLine(cmd: string): string {
  const line = cmd.split("\n", 1)[0] ?? "";
  return line.length > 80 || line.length < cmd.length ? `${line.slice(0, 80)}…` : line;
}
