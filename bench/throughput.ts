import type Docker from "dockerode";
import { bareExec } from "./bare-docker.js";
import type { BenchContext } from "./context.js";
import { rssMiB } from "./process-memory.js";
import { createBoxes, createSessions, destroySessions, removeBoxes } from "./sessions.js";
import { ms, summarize } from "./stats.js";

interface Burst {
  wallMs: number;
  latencies: number[];
  errors: number;
}

/** `workers` loops at once, each running `execs` commands one after the other. */
async function burst(
  workers: number,
  execs: number,
  run: (worker: number, i: number) => Promise<boolean>,
): Promise<Burst> {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < execs; i++) {
        const start = performance.now();
        try {
          if (!(await run(w, i))) errors++;
        } catch (err) {
          errors++;
          if (errors <= 3) console.error(`exec ${w}-${i}: ${(err as Error).message}`);
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { wallMs: performance.now() - t0, latencies, errors };
}

const rate = (b: Burst) => b.latencies.length / (b.wallMs / 1000);
const text = (b: Burst) =>
  `${rate(b).toFixed(0)} execs/s, p95 ${ms(summarize(b.latencies).p95)}, ${b.errors} errors`;

/**
 * BENCH_PARALLEL sessions × BENCH_PARALLEL_EXECS execs (`echo`, output
 * checked) all at once over one gRPC connection, sessions made beforehand;
 * beside the same number of bare containers and `docker exec`s. Daemon RSS
 * before the sessions were made and after the execs.
 */
export async function parallelThroughput(ctx: BenchContext): Promise<void> {
  const { parallel: n, parallelExecs: execs, batch, image } = ctx.settings;
  ctx.log(`${n} parallel sessions x ${execs} execs`);
  const rssBefore = rssMiB(ctx.daemon.pid);
  const sessions = await createSessions(ctx.grpc, n, batch);
  let ours: Burst;
  let rssAfter: number;
  try {
    ours = await burst(n, execs, async (w, i) => {
      const r = await ctx.grpc.exec.exec({
        sessionId: (sessions[w] as { id: string }).id,
        cmd: `echo ${w}-${i}`,
      });
      return r.output === `${w}-${i}\n`;
    });
    rssAfter = rssMiB(ctx.daemon.pid);
  } finally {
    await destroySessions(ctx.grpc, sessions, batch);
  }
  const boxes = await createBoxes(image, n, batch);
  let bare: Burst;
  try {
    bare = await burst(
      n,
      execs,
      async (w, i) =>
        (await bareExec(boxes[w] as Docker.Container, ["echo", `${w}-${i}`])) ===
        `${w}-${i}\n`.length,
    );
  } finally {
    await removeBoxes(boxes, batch);
  }
  const values = (b: Burst) => ({
    execs_per_s: rate(b),
    ...summarize(b.latencies),
    errors: b.errors,
  });
  ctx.add({
    measure: `${n} parallel sessions x ${execs} execs, gRPC`,
    runs: `${n * execs}`,
    ours: text(ours),
    bare: `docker exec: ${text(bare)}`,
    ratio: `${(rate(ours) / rate(bare)).toFixed(2)}x speed`,
    values: { unit: "execs/s", ours: values(ours), bare: values(bare) },
  });
  ctx.add({
    measure: `daemon RSS around ${n} x ${execs}`,
    runs: "1",
    ours: `${rssBefore.toFixed(0)} MiB before, ${rssAfter.toFixed(0)} MiB after`,
    bare: "",
    ratio: "",
    values: { unit: "MiB", before: rssBefore, after: rssAfter },
  });
}
