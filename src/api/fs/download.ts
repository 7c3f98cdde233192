import type { ServiceImpl } from "@connectrpc/connect";
import { DownloadResponseSchema, type FsService } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";

/** Streams a file from the runner at the client's pace. */
export const download = (ctx: AppContext): ServiceImpl<typeof FsService>["download"] =>
  async function* (req, hc) {
    const runner = await ctx.sessions.runner(req.sessionId);
    try {
      for await (const chunk of runner.fs.download(
        { ...req, sessionId: "" },
        { signal: hc.signal },
      )) {
        checkRunnerAnswer(DownloadResponseSchema, chunk);
        yield chunk;
      }
    } catch (err) {
      throw await ctx.sessions.runnerFailed(req.sessionId, err);
    }
  };
