import type { ServiceImpl } from "@connectrpc/connect";
import type { JobService } from "../../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../../context.js";
import { jobCall } from "../../jobs/job-calls.js";

export const writeJobStdin =
  (ctx: AppContext): ServiceImpl<typeof JobService>["writeJobStdin"] =>
  async (req) => {
    await jobCall(ctx, req.sessionId, (runner, options) =>
      runner.jobs.writeJobStdin({ jobId: req.jobId, data: req.data, close: req.close }, options),
    );
    return {};
  };
