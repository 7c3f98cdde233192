import type { ServiceImpl } from "@connectrpc/connect";
import { ClosePtyResponseSchema, type PtyService } from "../../../gen/sandkasten/v1/pty_pb.js";
import type { AppContext } from "../../context.js";
import { callRunner } from "../../runner-client/call-runner.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";
import { PTY_CALL_TIMEOUT_MS } from "./timeouts.js";

export const closePty =
  (ctx: AppContext): ServiceImpl<typeof PtyService>["closePty"] =>
  async (req, hc) => {
    const answer = await callRunner(ctx, req.sessionId, (runner) =>
      runner.pty.closePty(
        { ...req, sessionId: "" },
        { signal: hc.signal, timeoutMs: PTY_CALL_TIMEOUT_MS },
      ),
    );
    checkRunnerAnswer(ClosePtyResponseSchema, answer);
    return answer;
  };
