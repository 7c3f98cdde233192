import { type Job, JobStatus } from "../../gen/sandkasten/v1/job_pb.js";
import { timestampToJson } from "./timestamp-json.js";

export function jobToJson(job: Job | undefined): Record<string, unknown> {
  if (!job) throw new Error("the answer holds no job");
  return {
    id: job.id,
    cmd: job.cmd,
    status: job.status === JobStatus.RUNNING ? "running" : "exited",
    exit_code: job.status === JobStatus.RUNNING ? null : job.exitCode,
    signal: job.signal || null,
    cwd: job.cwd,
    started_at: timestampToJson(job.startedAt),
    ended_at: timestampToJson(job.endedAt),
    output_bytes: Number(job.outputBytes),
    dropped_bytes: Number(job.droppedBytes),
  };
}
