import { create } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import {
  type OpenPtyRequest,
  OpenPtyRequestSchema,
  type OpenPtyResponse,
  OpenPtyResponseSchema,
} from "../../gen/sandkasten/v1/pty_pb.js";
import type { AppContext } from "../context.js";
import { DomainError } from "../errors/domain-error.js";
import { checkRunnerAnswer } from "../runner-client/check-answer.js";

/**
 * Opens a terminal on a session's runner and passes its events on as they
 * come (the caller's pace sets the program's pace). Every event is checked
 * before it is passed on: opened comes first, exited last. Ending the call
 * (the client went away) ends the runner's stream, which kills the terminal.
 */
export async function* relayPty(
  ctx: AppContext,
  req: OpenPtyRequest,
  signal: AbortSignal,
): AsyncGenerator<OpenPtyResponse> {
  const runner = await ctx.sessions.runner(req.sessionId);
  const request = create(OpenPtyRequestSchema, { ...req, sessionId: "" });
  let phase: "before" | "open" | "exited" = "before";
  try {
    for await (const event of runner.pty.openPty(request, { signal })) {
      checkRunnerAnswer(OpenPtyResponseSchema, event);
      const kind = event.event.case;
      if (phase === "exited" || (phase === "before") !== (kind === "opened")) {
        throw new DomainError("internal", `the runner sent ${kind} out of order`);
      }
      if (kind === "opened") {
        phase = "open";
        await ctx.sessions.recordActivity(req.sessionId);
      }
      if (kind === "exited") phase = "exited";
      yield event;
    }
    if (phase !== "exited") {
      throw new DomainError("unavailable", "the runner ended the terminal's stream early");
    }
  } catch (err) {
    if (signal.aborted) {
      throw signal.reason instanceof ConnectError
        ? signal.reason
        : new DomainError("canceled", "the terminal was canceled");
    }
    throw await ctx.sessions.runnerFailed(req.sessionId, err);
  }
}
