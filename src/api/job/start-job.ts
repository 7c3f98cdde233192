import type { ServiceImpl } from "@connectrpc/connect";
import type { JobService } from "../../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../../context.js";
import { checkedJob, jobCall } from "../../jobs/job-calls.js";

export const startJob =
  (ctx: AppContext): ServiceImpl<typeof JobService>["startJob"] =>
  async (req) => {
    const { job } = await jobCall(ctx, req.sessionId, (runner, options) =>
      runner.jobs.startJob({ cmd: req.cmd }, options),
    );
    return { job: checkedJob(job) };
  };
