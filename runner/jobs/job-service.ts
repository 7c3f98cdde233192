import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { ExecOutputSchema, OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import {
  type AttachJobResponse,
  AttachJobResponseSchema,
  type Job as JobMessage,
  JobSchema,
  type JobService,
  JobStatus,
} from "../../gen/sandkasten/v1/job_pb.js";
import type { Job, JobState } from "./job.js";
import { JobLimitError, type JobTable } from "./job-table.js";

/** Output is sent in pieces of at most this much. */
const CHUNK_BYTES = 64 * 1024;

export interface JobServiceOptions {
  table: JobTable;
  /** Where and with what the shell is now; undefined until it started. */
  shellState: () => { cwd: string; exports: string; env: Record<string, string> } | undefined;
}

/** The runner's side of JobService: jobs it owns, beside the persistent shell. */
export function createJobService(o: JobServiceOptions): ServiceImpl<typeof JobService> {
  const find = (id: string): Job => {
    const job = o.table.get(id);
    if (!job) throw new ConnectError(`job ${id} not found`, Code.NotFound);
    return job;
  };
  return {
    startJob(req) {
      const shell = o.shellState();
      if (!shell) throw new ConnectError("the session is starting", Code.Unavailable);
      try {
        return { job: jobMessage(o.table.start({ cmd: req.cmd, ...shell }).state) };
      } catch (err) {
        if (err instanceof JobLimitError)
          throw new ConnectError(err.message, Code.ResourceExhausted);
        throw err;
      }
    },
    listJobs() {
      return { jobs: o.table.list().map((j) => jobMessage(j.state)) };
    },
    getJob(req) {
      return { job: jobMessage(find(req.jobId).state) };
    },
    async writeJobStdin(req) {
      if (!(await find(req.jobId).writeStdin(Buffer.from(req.data), req.close))) {
        throw new ConnectError(
          `job ${req.jobId} has ended or its stdin is closed`,
          Code.FailedPrecondition,
        );
      }
      return {};
    },
    signalJob(req) {
      const signal = (req.signal || "SIGTERM") as NodeJS.Signals;
      if (!find(req.jobId).kill(signal)) {
        throw new ConnectError(`job ${req.jobId} has ended`, Code.FailedPrecondition);
      }
      return {};
    },
    async *attachJob(req, ctx) {
      const job = find(req.jobId);
      let at = req.skipKept ? job.ring.written : 0;
      let changed = { promise: Promise.resolve(), cancel() {} };
      try {
        for (;;) {
          changed = nextChange(job, ctx.signal);
          // What the ring holds from `at`, in pieces; what it no longer holds, counted.
          while (at < job.ring.written) {
            if (at < job.ring.oldest) {
              yield attachEvent({ case: "droppedBytes", value: BigInt(job.ring.oldest - at) });
              at = job.ring.oldest;
            }
            const data = job.ring.read(at, CHUNK_BYTES);
            at += data.length;
            yield attachEvent({
              case: "output",
              value: create(ExecOutputSchema, { stream: OutputStream.STDOUT, data }),
            });
          }
          const state = job.state;
          if (!state.running && at >= job.ring.written) {
            changed.cancel();
            yield attachEvent({ case: "ended", value: jobMessage(state) });
            return;
          }
          await changed.promise;
          if (ctx.signal.aborted) return;
        }
      } finally {
        changed.cancel();
      }
    },
  };
}

function attachEvent(event: AttachJobResponse["event"]): AttachJobResponse {
  return create(AttachJobResponseSchema, { event });
}

/** Resolves at the job's next output or end, or when the call is aborted. */
function nextChange(job: Job, signal: AbortSignal): { promise: Promise<void>; cancel(): void } {
  let done: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    done = () => {
      job.events.off("output", done);
      job.events.off("ended", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    job.events.on("output", done);
    job.events.on("ended", done);
    signal.addEventListener("abort", done);
  });
  return { promise, cancel: () => done() };
}

export function jobMessage(s: JobState): JobMessage {
  return create(JobSchema, {
    id: s.id,
    cmd: s.cmd,
    cwd: s.cwd,
    status: s.running ? JobStatus.RUNNING : JobStatus.EXITED,
    exitCode: s.exitCode,
    signal: s.signal,
    startedAt: timestampFromMs(s.startedAt),
    ...(s.running ? {} : { endedAt: timestampFromMs(s.endedAt) }),
    outputBytes: BigInt(s.outputBytes),
    droppedBytes: BigInt(s.droppedBytes),
  });
}
