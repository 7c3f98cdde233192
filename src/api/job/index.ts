import type { ServiceImpl } from "@connectrpc/connect";
import type { JobService } from "../../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../../context.js";
import { attachJob } from "./attach-job.js";
import { getJob } from "./get-job.js";
import { listJobs } from "./list-jobs.js";
import { signalJob } from "./signal-job.js";
import { startJob } from "./start-job.js";
import { writeJobStdin } from "./write-job-stdin.js";

export const jobService = (ctx: AppContext): ServiceImpl<typeof JobService> => ({
  startJob: startJob(ctx),
  listJobs: listJobs(ctx),
  getJob: getJob(ctx),
  attachJob: attachJob(ctx),
  writeJobStdin: writeJobStdin(ctx),
  signalJob: signalJob(ctx),
});
