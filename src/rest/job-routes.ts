import { decodeBase64 } from "./base64.js";
import { optionalBoolean, optionalString } from "./body-fields.js";
import type { RestContext, RestRoute } from "./context.js";
import { HttpError } from "./http-error.js";
import { jobToJson } from "./job-json.js";
import { optionalQueryBoolean } from "./query-params.js";
import { describeError, errorBody, sendJson } from "./respond.js";
import { sseEvent, sseHeaders } from "./sse.js";
import { writeWithBackpressure } from "./write-stream.js";

/** Jobs: commands running beside a session's shell (JobService). */
export const jobRoutes: readonly RestRoute[] = [
  { method: "GET", path: "/v1/sessions/:id/jobs", handle: listJobs },
  { method: "POST", path: "/v1/sessions/:id/jobs", body: ["cmd"], handle: startJob },
  { method: "GET", path: "/v1/sessions/:id/jobs/:job", handle: getJob },
  {
    method: "GET",
    path: "/v1/sessions/:id/jobs/:job/attach",
    query: ["skip_kept"],
    handle: attachJob,
  },
  {
    method: "POST",
    path: "/v1/sessions/:id/jobs/:job/stdin",
    body: ["data", "data_base64", "close"],
    handle: writeStdin,
  },
  { method: "POST", path: "/v1/sessions/:id/jobs/:job/signal", body: ["signal"], handle: signal },
];

async function listJobs(ctx: RestContext): Promise<void> {
  const { jobs } = await ctx.clients.jobs.listJobs({ sessionId: ctx.params.id }, ctx.callOptions);
  sendJson(ctx.res, 200, jobs.map(jobToJson));
}

async function startJob(ctx: RestContext): Promise<void> {
  const cmd = optionalString(await ctx.body(), "cmd") ?? "";
  const { job } = await ctx.clients.jobs.startJob(
    { sessionId: ctx.params.id, cmd },
    ctx.callOptions,
  );
  sendJson(ctx.res, 201, jobToJson(job));
}

async function getJob(ctx: RestContext): Promise<void> {
  const { job } = await ctx.clients.jobs.getJob(
    { sessionId: ctx.params.id, jobId: ctx.params.job },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, jobToJson(job));
}

async function writeStdin(ctx: RestContext): Promise<void> {
  const body = await ctx.body();
  const text = optionalString(body, "data");
  const base64 = optionalString(body, "data_base64");
  if (text !== undefined && base64 !== undefined) {
    throw new HttpError(400, "send data or data_base64, not both");
  }
  const data =
    base64 !== undefined ? decodeBase64(base64, "data_base64") : Buffer.from(text ?? "", "utf8");
  await ctx.clients.jobs.writeJobStdin(
    {
      sessionId: ctx.params.id,
      jobId: ctx.params.job,
      data,
      close: optionalBoolean(body, "close") ?? false,
    },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true });
}

async function signal(ctx: RestContext): Promise<void> {
  const name = optionalString(await ctx.body(), "signal") ?? "";
  await ctx.clients.jobs.signalJob(
    { sessionId: ctx.params.id, jobId: ctx.params.job, signal: name },
    ctx.callOptions,
  );
  sendJson(ctx.res, 200, { ok: true });
}

/** Server-sent events: `output` {chunk}, `dropped` {bytes}, then `ended` (the job). */
async function attachJob(ctx: RestContext): Promise<void> {
  const skipKept = optionalQueryBoolean(ctx.query, "skip_kept") ?? false;
  const events = ctx.clients.jobs
    .attachJob({ sessionId: ctx.params.id, jobId: ctx.params.job, skipKept }, ctx.callOptions)
    [Symbol.asyncIterator]();
  try {
    // An error before the first event (unknown session or job) is a plain JSON error.
    let next = await events.next();
    ctx.res.writeHead(200, sseHeaders);
    ctx.res.flushHeaders?.();
    const decoder = new TextDecoder("utf-8");
    try {
      while (!next.done) {
        const e = next.value.event;
        const text =
          e.case === "output"
            ? sseEvent("output", { chunk: decoder.decode(e.value.data, { stream: true }) })
            : e.case === "droppedBytes"
              ? sseEvent("dropped", { bytes: Number(e.value) })
              : e.case === "ended"
                ? sseEvent("ended", jobToJson(e.value))
                : "";
        if (text !== "" && !(await writeWithBackpressure(ctx.res, text, ctx.signal))) return;
        next = await events.next();
      }
    } catch (err) {
      if (ctx.signal.aborted) return;
      await writeWithBackpressure(
        ctx.res,
        sseEvent("error", errorBody(describeError(err))),
        ctx.signal,
      );
    }
    ctx.res.end();
  } finally {
    events.return?.()?.catch(() => {});
  }
}
