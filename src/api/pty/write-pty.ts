import type { ServiceImpl } from "@connectrpc/connect";
import { type PtyService, WritePtyResponseSchema } from "../../../gen/sandkasten/v1/pty_pb.js";
import type { AppContext } from "../../context.js";
import { callRunner } from "../../runner-client/call-runner.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";
import { PTY_CALL_TIMEOUT_MS } from "./timeouts.js";

export const writePty =
  (ctx: AppContext): ServiceImpl<typeof PtyService>["writePty"] =>
  async (req, hc) => {
    const answer = await callRunner(ctx, req.sessionId, (runner) =>
      runner.pty.writePty(
        { ...req, sessionId: "" },
        { signal: hc.signal, timeoutMs: PTY_CALL_TIMEOUT_MS },
      ),
    );
    checkRunnerAnswer(WritePtyResponseSchema, answer);
    return answer;
  };
