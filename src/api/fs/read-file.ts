import { isUtf8 } from "node:buffer";
import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, ReadFileResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";
import { callRunner, FS_CALL_TIMEOUT_MS } from "./call-runner.js";

export const readFile =
  (ctx: AppContext): ServiceImpl<typeof FsService>["readFile"] =>
  async (req, hc) => {
    const answer = await callRunner(ctx, req.sessionId, (runner) =>
      runner.fs.readFile(
        { ...req, sessionId: "" },
        { signal: hc.signal, timeoutMs: FS_CALL_TIMEOUT_MS },
      ),
    );
    checkRunnerAnswer(ReadFileResponseSchema, answer);
    // The daemon's own check, not the runner's word.
    answer.isUtf8 = isUtf8(answer.content);
    return answer;
  };
