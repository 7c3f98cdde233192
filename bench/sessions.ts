import type Docker from "dockerode";
import { bareCreateStart, removeContainer } from "./bare-docker.js";
import type { RpcClients } from "./clients.js";
import { parallel } from "./parallel.js";

export interface BenchSession {
  id: string;
  containerId: string;
}

export async function createSession(c: RpcClients): Promise<BenchSession> {
  const { session } = await c.sessions.createSession({ image: "base" });
  if (!session) throw new Error("CreateSession answered without a session");
  return { id: session.id, containerId: session.containerId };
}

/** Destroys sessions, `concurrency` at a time; every one is tried. */
export async function destroySessions(
  c: RpcClients,
  sessions: readonly BenchSession[],
  concurrency = 10,
): Promise<void> {
  await parallel(sessions.length, concurrency, (i) =>
    c.sessions.destroySession({ id: (sessions[i] as BenchSession).id }),
  );
}

/** `count` sessions created `concurrency` at a time; on a failure the ones made are destroyed. */
export async function createSessions(
  c: RpcClients,
  count: number,
  concurrency: number,
): Promise<BenchSession[]> {
  const made: BenchSession[] = [];
  try {
    await parallel(count, concurrency, async () => {
      made.push(await createSession(c));
    });
    return made;
  } catch (err) {
    await destroySessions(c, made).catch(() => {});
    throw err;
  }
}

/** Runs fn with a fresh session, destroyed afterwards. */
export async function withSession<T>(
  c: RpcClients,
  fn: (s: BenchSession) => Promise<T>,
): Promise<T> {
  const s = await createSession(c);
  try {
    return await fn(s);
  } finally {
    await c.sessions.destroySession({ id: s.id });
  }
}

/** `count` bare containers, `concurrency` at a time; on a failure the ones made are removed. */
export async function createBoxes(
  image: string,
  count: number,
  concurrency: number,
): Promise<Docker.Container[]> {
  const made: Docker.Container[] = [];
  try {
    await parallel(count, concurrency, async () => {
      made.push(await bareCreateStart(image));
    });
    return made;
  } catch (err) {
    await removeBoxes(made).catch(() => {});
    throw err;
  }
}

export async function removeBoxes(
  boxes: readonly Docker.Container[],
  concurrency = 10,
): Promise<void> {
  await parallel(boxes.length, concurrency, (i) => removeContainer(boxes[i] as Docker.Container));
}

/** Runs fn with a fresh bare container, removed afterwards. */
export async function withBox<T>(
  image: string,
  fn: (box: Docker.Container) => Promise<T>,
): Promise<T> {
  const box = await bareCreateStart(image);
  try {
    return await fn(box);
  } finally {
    await removeContainer(box);
  }
}
