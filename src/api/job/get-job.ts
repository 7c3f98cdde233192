import type { ServiceImpl } from "@connectrpc/connect";
import type { JobService } from "../../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../../context.js";
import { checkedJob, jobCall } from "../../jobs/job-calls.js";

export const getJob =
  (ctx: AppContext): ServiceImpl<typeof JobService>["getJob"] =>
  async (req) => {
    const { job } = await jobCall(ctx, req.sessionId, (runner, options) =>
      runner.jobs.getJob({ jobId: req.jobId }, options),
    );
    return { job: checkedJob(job) };
  };
