import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, ListDirResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";
import { callRunner, FS_CALL_TIMEOUT_MS } from "./call-runner.js";

export const listDir =
  (ctx: AppContext): ServiceImpl<typeof FsService>["listDir"] =>
  async (req, hc) => {
    const answer = await callRunner(ctx, req.sessionId, (runner) =>
      runner.fs.listDir(
        { ...req, sessionId: "" },
        { signal: hc.signal, timeoutMs: FS_CALL_TIMEOUT_MS },
      ),
    );
    checkRunnerAnswer(ListDirResponseSchema, answer);
    return answer;
  };
