import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { ExecResponseSchema, type ExecService } from "../../../gen/sandkasten/v1/exec_pb.js";
import type { AppContext } from "../../context.js";
import { cleanOutput } from "../../exec/clean-output.js";
import { collectOutput, decodeCapped } from "../../exec/collect-output.js";
import { runCommand } from "../../exec/run-command.js";

/** The whole result at once: stdout and stderr in their exact order, capped at 1 MiB. */
export const exec =
  (ctx: AppContext): ServiceImpl<typeof ExecService>["exec"] =>
  async (req, hc) => {
    const events = runCommand(
      ctx,
      { sessionId: req.sessionId, cmd: req.cmd, timeoutMs: req.timeoutMs, combineOutput: true },
      hc.signal,
    );
    const { bytes, truncated, ended } = await collectOutput(events);
    if (!ended) throw new ConnectError("the command's end was not reported", Code.Internal);
    const text = decodeCapped(bytes, truncated);
    return create(ExecResponseSchema, {
      exitCode: ended.exitCode,
      cwd: ended.cwd,
      output: req.rawOutput ? text : cleanOutput(text),
      truncated,
      durationMs: ended.durationMs,
      timedOut: ended.timedOut,
      shellRestarted: ended.shellRestarted,
    });
  };
