import type { AppContext } from "../../context.js";

/** How long a destroy (or the reaper) gets to record that it ended the session. */
const TEARDOWN_GRACE_MS = 5_000;
const LOOK_EVERY_MS = 100;

/**
 * True when the session was destroyed or expired: its runner went away
 * because the session ended, so its watch simply ends. A teardown stops the
 * container before it records the new status, so that is awaited a while.
 */
export async function sessionEnded(ctx: AppContext, sessionId: string): Promise<boolean> {
  const deadline = Date.now() + TEARDOWN_GRACE_MS;
  for (;;) {
    const row = await ctx.sessions.get(sessionId).catch(() => undefined);
    if (row === undefined || row.status === "destroyed" || row.status === "expired") return true;
    if (row.status !== "running" || Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
  }
}
