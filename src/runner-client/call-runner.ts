import type { AppContext } from "../context.js";
import type { RunnerClient } from "./runner-client.js";

/**
 * Runs one call on a session's runner. Transport failures are checked
 * against the container's state, so a dead runner marks its session failed.
 */
export async function callRunner<T>(
  ctx: Pick<AppContext, "sessions">,
  sessionId: string,
  call: (runner: RunnerClient) => Promise<T>,
): Promise<T> {
  const runner = await ctx.sessions.runner(sessionId);
  try {
    return await call(runner);
  } catch (err) {
    throw await ctx.sessions.runnerFailed(sessionId, err);
  }
}
