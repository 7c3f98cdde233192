import type { ServiceImpl } from "@connectrpc/connect";
import type { ExecService } from "../../../gen/sandkasten/v1/exec_pb.js";
import type { AppContext } from "../../context.js";
import { cleanedEvents } from "../../exec/cleaned-events.js";
import { runCommand } from "../../exec/run-command.js";

export const execStream = (ctx: AppContext): ServiceImpl<typeof ExecService>["execStream"] =>
  async function* (req, hc) {
    const events = runCommand(
      ctx,
      {
        sessionId: req.sessionId,
        cmd: req.cmd,
        timeoutMs: req.timeoutMs,
        combineOutput: req.combineOutput,
      },
      hc.signal,
    );
    yield* req.cleanOutput ? cleanedEvents(events) : events;
  };
