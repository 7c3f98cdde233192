import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import { ExecResponseSchema, type ExecService } from "../../../gen/sandkasten/v1/exec_pb.js";
import type { AppContext } from "../../context.js";
import { cappedText } from "../../exec/capped-text.js";
import { collectOutput } from "../../exec/collect-output.js";
import { OutputWindow } from "../../exec/output-window.js";
import { runCommand } from "../../exec/run-command.js";
import { execAsJob } from "../../jobs/exec-as-job.js";

/** The whole result at once: stdout and stderr in their exact order, head and tail kept past the cap. */
export const exec =
  (ctx: AppContext): ServiceImpl<typeof ExecService>["exec"] =>
  async (req, hc) => {
    if (req.background || req.onTimeout === "detach") return execAsJob(ctx, req, hc.signal);
    const events = runCommand(
      ctx,
      { sessionId: req.sessionId, cmd: req.cmd, timeoutMs: req.timeoutMs, combineOutput: true },
      hc.signal,
    );
    const { max_bytes, head_bytes } = ctx.config.exec_output;
    const { window, ended } = await collectOutput(events, new OutputWindow(max_bytes, head_bytes));
    if (!ended) throw new ConnectError("the command's end was not reported", Code.Internal);
    const output = cappedText(window, req.rawOutput);
    return create(ExecResponseSchema, {
      exitCode: ended.exitCode,
      cwd: ended.cwd,
      output: output.text,
      truncated: output.truncated,
      outputBytes: BigInt(output.totalBytes),
      omittedBytes: BigInt(output.omittedBytes),
      headBytes: BigInt(output.headBytes),
      tailBytes: BigInt(output.tailBytes),
      durationMs: ended.durationMs,
      timedOut: ended.timedOut,
      shellRestarted: ended.shellRestarted,
    });
  };
