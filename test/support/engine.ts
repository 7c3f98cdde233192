import Docker from "dockerode";
import type { TestDaemon } from "./test-daemon.js";

/** A dockerode client of its own, to check what the daemon did from outside it. */
export const engine = new Docker({ socketPath: "/var/run/docker.sock", timeout: 30_000 });

/** The container id the daemon recorded for a session. */
export async function containerIdOf(d: TestDaemon, sessionId: string): Promise<string> {
  const row = await d.daemon.ctx.sessions.get(sessionId);
  if (!row.container_id) throw new Error(`session ${sessionId} has no container id`);
  return row.container_id;
}

export async function inspectSessionContainer(
  d: TestDaemon,
  sessionId: string,
): Promise<Docker.ContainerInspectInfo> {
  return engine.getContainer(await containerIdOf(d, sessionId)).inspect();
}

/** True while the engine still knows the container. */
export async function containerExists(containerId: string): Promise<boolean> {
  try {
    await engine.getContainer(containerId).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/** Names of the volumes labelled for a session. */
export async function sessionVolumes(sessionId: string): Promise<string[]> {
  const filters = JSON.stringify({ label: [`sandkasten.session=${sessionId}`] });
  const { Volumes } = await engine.listVolumes({ filters });
  return (Volumes ?? []).map((v) => v.Name);
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last answer. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Every session row a daemon ever wrote, destroyed ones included: a create
 * that got through leaves one even if it failed. (Counting containers by
 * label would see other test files' sessions: they share the instance.)
 */
export async function sessionRowCount(d: TestDaemon): Promise<number> {
  const rows = await d.daemon.ctx.db.selectFrom("sessions").select("id").execute();
  return rows.length;
}
