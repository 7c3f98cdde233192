import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type FsService,
  type UploadRequest,
  UploadResponseSchema,
} from "../../../gen/sandkasten/v1/fs_pb.js";
import type { AppContext } from "../../context.js";
import { checkRunnerAnswer } from "../../runner-client/check-answer.js";
import { sessionWorkspaceQuota } from "./workspace-quota.js";

/**
 * Passes a chunked upload through to the runner as it arrives. The first
 * message names the session and the path; the runner only sees the path,
 * and the workspace quota the daemon puts on the first message.
 */
export const upload =
  (ctx: AppContext): ServiceImpl<typeof FsService>["upload"] =>
  async (requests, hc) => {
    const iterator = requests[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done) throw new ConnectError("upload: no messages", Code.InvalidArgument);
    const sessionId = first.value.sessionId;
    const runner = await ctx.sessions.runner(sessionId);
    const workspaceQuota = await sessionWorkspaceQuota(ctx, sessionId);
    async function* forward(): AsyncGenerator<UploadRequest> {
      yield { ...first.value, sessionId: "", workspaceQuota } as UploadRequest;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield {
          ...next.value,
          sessionId: "",
          path: "",
          pathBytes: new Uint8Array(),
          workspaceQuota: undefined,
        } as UploadRequest;
      }
    }
    try {
      const answer = await runner.fs.upload(forward(), { signal: hc.signal });
      checkRunnerAnswer(UploadResponseSchema, answer);
      return answer;
    } catch (err) {
      throw await ctx.sessions.runnerFailed(sessionId, err);
    }
  };
