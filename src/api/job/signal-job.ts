import type { ServiceImpl } from "@connectrpc/connect";
import type { JobService } from "../../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../../context.js";
import { jobCall } from "../../jobs/job-calls.js";

export const signalJob =
  (ctx: AppContext): ServiceImpl<typeof JobService>["signalJob"] =>
  async (req) => {
    await jobCall(ctx, req.sessionId, (runner, options) =>
      runner.jobs.signalJob({ jobId: req.jobId, signal: req.signal }, options),
    );
    return {};
  };
