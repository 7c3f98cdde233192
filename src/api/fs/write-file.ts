import type { ServiceImpl } from "@connectrpc/connect";
import { type FsService, WriteFileResponseSchema } from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";
import { callRunner, FS_CALL_TIMEOUT_MS } from "./call-runner.js";
import { sessionWorkspaceQuota } from "./workspace-quota.js";

export const writeFile =
  (ctx: AppContext): ServiceImpl<typeof FsService>["writeFile"] =>
  async (req, hc) => {
    const workspaceQuota = await sessionWorkspaceQuota(ctx, req.sessionId);
    const answer = await callRunner(ctx, req.sessionId, (runner) =>
      runner.fs.writeFile(
        { ...req, sessionId: "", workspaceQuota },
        { signal: hc.signal, timeoutMs: FS_CALL_TIMEOUT_MS },
      ),
    );
    checkRunnerAnswer(WriteFileResponseSchema, answer);
    return answer;
  };
