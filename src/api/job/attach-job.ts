import type { ServiceImpl } from "@connectrpc/connect";
import type { JobService } from "../../../gen/sandkasten/v1/job_pb.js";
import type { AppContext } from "../../context.js";
import { attachJob as attach } from "../../jobs/attach-job.js";

export const attachJob = (ctx: AppContext): ServiceImpl<typeof JobService>["attachJob"] =>
  async function* (req, hc) {
    yield* attach(
      ctx,
      { sessionId: req.sessionId, jobId: req.jobId, skipKept: req.skipKept },
      hc.signal,
    );
  };
