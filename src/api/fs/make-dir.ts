import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, MakeDirResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";
import { callRunner, FS_CALL_TIMEOUT_MS } from "./call-runner.js";

export const makeDir =
  (ctx: AppContext): ServiceImpl<typeof FsService>["makeDir"] =>
  async (req, hc) => {
    const answer = await callRunner(ctx, req.sessionId, (runner) =>
      runner.fs.makeDir(
        { ...req, sessionId: "" },
        { signal: hc.signal, timeoutMs: FS_CALL_TIMEOUT_MS },
      ),
    );
    checkRunnerAnswer(MakeDirResponseSchema, answer);
    return answer;
  };
