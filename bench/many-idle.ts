import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { bareExec } from "./bare-docker.js";
import { totalMemory } from "./cgroup.js";
import type { BenchContext } from "./context.js";
import { rssMiB } from "./process-memory.js";
import { latencyFigure } from "./report.js";
import {
  type BenchSession,
  createBoxes,
  createSessions,
  destroySessions,
  removeBoxes,
} from "./sessions.js";
import { mib, timeRuns } from "./stats.js";

interface Crowd {
  one: number[];
  random: number[];
  memory: number;
  createMs: number;
  removeMs: number;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

/** Execs on one member of a crowd and on random ones, and the crowd's memory. */
async function measureCrowd<T>(
  ctx: BenchContext,
  members: readonly T[],
  exec: (m: T) => Promise<unknown>,
  containerId: (m: T) => string,
): Promise<Omit<Crowd, "createMs" | "removeMs">> {
  await sleep(2000);
  const first = members[0] as T;
  const one = await timeRuns(ctx.settings.execRuns, () => exec(first), 5);
  const random = await timeRuns(ctx.settings.execRuns, () => exec(pick(members)), 5);
  return { one, random, memory: totalMemory(members.map(containerId)) };
}

async function sessionsCrowd(ctx: BenchContext): Promise<Crowd & { rssMiB: number }> {
  const { manyIdle: n, batch } = ctx.settings;
  let t0 = performance.now();
  const sessions = await createSessions(ctx.grpc, n, batch);
  const createMs = performance.now() - t0;
  let measured: Omit<Crowd, "createMs" | "removeMs">;
  let rss: number;
  try {
    measured = await measureCrowd(
      ctx,
      sessions,
      async (s: BenchSession) => {
        const r = await ctx.grpc.exec.exec({ sessionId: s.id, cmd: "true" });
        if (r.exitCode !== 0) throw new Error(`true exited ${r.exitCode}`);
      },
      (s) => s.containerId,
    );
    rss = rssMiB(ctx.daemon.pid);
  } finally {
    t0 = performance.now();
    await destroySessions(ctx.grpc, sessions, batch);
  }
  return { ...measured, createMs, removeMs: performance.now() - t0, rssMiB: rss };
}

async function bareCrowd(ctx: BenchContext): Promise<Crowd> {
  const { manyIdle: n, batch, image } = ctx.settings;
  let t0 = performance.now();
  const boxes = await createBoxes(image, n, batch);
  const createMs = performance.now() - t0;
  let measured: Omit<Crowd, "createMs" | "removeMs">;
  try {
    measured = await measureCrowd(
      ctx,
      boxes,
      (b: Docker.Container) => bareExec(b, ["true"]),
      (b) => b.id,
    );
  } finally {
    t0 = performance.now();
    await removeBoxes(boxes, batch);
  }
  return { ...measured, createMs, removeMs: performance.now() - t0 };
}

/**
 * BENCH_IDLE_SESSIONS idle sessions up at once (created BENCH_BATCH at a
 * time): exec `true` over gRPC on one of them and on random ones, and the
 * memory they take; beside as many idle `sleep infinity` containers.
 */
export async function manyIdle(ctx: BenchContext): Promise<void> {
  const n = ctx.settings.manyIdle;
  ctx.log(`${n} idle sessions`);
  const ours = await sessionsCrowd(ctx);
  ctx.log(`${n} idle bare containers`);
  const bare = await bareCrowd(ctx);
  ctx.add(
    latencyFigure(
      `exec true, gRPC, on one of ${n} idle sessions`,
      ours.one,
      { name: `docker exec, 1 of ${n} idle`, samples: bare.one },
      3,
    ),
  );
  ctx.add(
    latencyFigure(
      `exec true, gRPC, on random ones of ${n} idle`,
      ours.random,
      { name: `docker exec, random of ${n}`, samples: bare.random },
      3,
    ),
  );
  ctx.add({
    measure: `memory of ${n} idle sessions (cgroup sum)`,
    runs: "1",
    ours: `${mib(ours.memory)} (${mib(ours.memory / n)} each), daemon RSS ${ours.rssMiB.toFixed(0)} MiB`,
    bare: `${n} sleep containers: ${mib(bare.memory)}`,
    ratio: `${(ours.memory / bare.memory).toFixed(1)}x memory`,
    values: { unit: "bytes", ours: ours.memory, bare: bare.memory, daemon_rss_mib: ours.rssMiB },
  });
  const s = (t: number) => `${(t / 1000).toFixed(1)} s`;
  ctx.add({
    measure: `create / destroy ${n} sessions, ${ctx.settings.batch} at a time`,
    runs: "1",
    ours: `${s(ours.createMs)} / ${s(ours.removeMs)}`,
    bare: `docker create+start / rm: ${s(bare.createMs)} / ${s(bare.removeMs)}`,
    ratio: `${(ours.createMs / bare.createMs).toFixed(2)}x time`,
    values: {
      unit: "ms",
      ours: { create: ours.createMs, destroy: ours.removeMs },
      bare: { create: bare.createMs, remove: bare.removeMs },
    },
  });
}
