import type { ServiceImpl } from "@connectrpc/connect";
import type { JobService } from "../../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../../context.js";
import { checkedJob, jobCall } from "../../jobs/job-calls.js";

export const listJobs =
  (ctx: AppContext): ServiceImpl<typeof JobService>["listJobs"] =>
  async (req) => {
    const { jobs } = await jobCall(ctx, req.sessionId, (runner, options) =>
      runner.jobs.listJobs({}, options),
    );
    return { jobs: jobs.map(checkedJob) };
  };
