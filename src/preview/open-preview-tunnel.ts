import type { Duplex } from "node:stream";
import { ConnectError } from "@connectrpc/connect";
import type { AppContext } from "../context.js";
import { DomainError } from "../errors/domain-error.js";
import { describeError } from "../rest/respond.js";
import type { PreviewTarget } from "./preview-target.js";
import { tunnelClientFor } from "./tunnel-client.js";
import { openTunnel, TunnelRefused } from "./tunnel-duplex.js";

/** Why no tunnel: the HTTP status and the message to answer with. */
export class PreviewFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A connection to the target's port inside its (running) session. Throws a
 * PreviewFailure: 502 when nothing accepts it there, the session's own
 * error (409 and the like) when it isn't running.
 */
export async function openPreviewTunnel(
  ctx: AppContext,
  target: PreviewTarget,
  signal: AbortSignal,
): Promise<Duplex> {
  try {
    const runner = await ctx.sessions.runner(target.sessionId);
    return await openTunnel(tunnelClientFor(runner), target.port, signal);
  } catch (err) {
    if (err instanceof TunnelRefused) {
      // The runner's words, e.g. "nothing accepts connections on port 8000 in the sandbox (ECONNREFUSED)".
      throw new PreviewFailure(502, err.message.slice(0, 500));
    }
    if (err instanceof ConnectError || err instanceof DomainError) {
      const answer = describeError(err);
      throw new PreviewFailure(answer.status, answer.message);
    }
    throw err;
  }
}
