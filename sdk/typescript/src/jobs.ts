// Jobs: commands running beside a session's shell, owned by the runner in
// its container; Session.jobs is one of these.
import type { Api } from "./api.js";
import { toBytes } from "./bytes.js";
import { call, callStream } from "./calls.js";
import { jobInfo } from "./convert.js";
import type { CallOptions, JobEvent, JobInfo, JobSignal } from "./types.js";

export interface AttachJobOptions extends CallOptions {
  /** Only what comes from now on, not the output kept so far. */
  skipKept?: boolean;
}

export interface WriteStdinOptions extends CallOptions {
  /** Close the job's stdin after the data (it then reads end of file). */
  close?: boolean;
}

export class SessionJobs {
  constructor(
    private readonly api: Api,
    private readonly sessionId: string,
  ) {}

  /**
   * Starts `cmd` in a fresh bash, in the shell's current directory with its
   * exported variables, and returns at once; stdin is a pipe (writeStdin).
   */
  async start(cmd: string, options: CallOptions = {}): Promise<JobInfo> {
    const request = { sessionId: this.sessionId, cmd };
    return jobInfo((await call(options, (o) => this.api.jobs.startJob(request, o))).job);
  }

  async list(options: CallOptions = {}): Promise<JobInfo[]> {
    const request = { sessionId: this.sessionId };
    return (await call(options, (o) => this.api.jobs.listJobs(request, o))).jobs.map(jobInfo);
  }

  async get(jobId: string, options: CallOptions = {}): Promise<JobInfo> {
    const request = { sessionId: this.sessionId, jobId };
    return jobInfo((await call(options, (o) => this.api.jobs.getJob(request, o))).job);
  }

  /**
   * The job's output kept so far, then what comes, as text, until it ends
   * (the last event is `ended`). Breaking out of the loop, or aborting
   * options.signal, detaches; the job runs on.
   */
  async *attach(jobId: string, options: AttachJobOptions = {}): AsyncGenerator<JobEvent> {
    const request = { sessionId: this.sessionId, jobId, skipKept: options.skipKept ?? false };
    const decoder = new TextDecoder();
    for await (const { event } of callStream(options, (o) => this.api.jobs.attachJob(request, o))) {
      if (event.case === "output") {
        const data = decoder.decode(event.value.data, { stream: true });
        if (data) yield { type: "output", data };
      } else if (event.case === "droppedBytes") {
        yield { type: "dropped", bytes: Number(event.value) };
      } else if (event.case === "ended") {
        const rest = decoder.decode();
        if (rest) yield { type: "output", data: rest };
        yield { type: "ended", job: jobInfo(event.value) };
      }
    }
  }

  /** Attaches without the kept output and returns the job's final state once it ends. */
  async wait(jobId: string, options: CallOptions = {}): Promise<JobInfo> {
    for await (const event of this.attach(jobId, { ...options, skipKept: true })) {
      if (event.type === "ended") return event.job;
    }
    return this.get(jobId, options);
  }

  /** Writes to the job's stdin (text as UTF-8; up to 1 MiB a call). */
  async writeStdin(
    jobId: string,
    data: string | Uint8Array,
    options: WriteStdinOptions = {},
  ): Promise<void> {
    const request = {
      sessionId: this.sessionId,
      jobId,
      data: toBytes(data),
      close: options.close ?? false,
    };
    await call(options, (o) => this.api.jobs.writeJobStdin(request, o));
  }

  /** Sends a signal (default SIGTERM) to the job's process group. */
  async signal(
    jobId: string,
    signal: JobSignal = "SIGTERM",
    options: CallOptions = {},
  ): Promise<void> {
    const request = { sessionId: this.sessionId, jobId, signal };
    await call(options, (o) => this.api.jobs.signalJob(request, o));
  }
}
