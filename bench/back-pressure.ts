import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { bareExecStream } from "./bare-docker.js";
import { containerUsage } from "./cgroup.js";
import type { BenchContext } from "./context.js";
import { PeakSampler } from "./peak-sampler.js";
import { dockerdPid, rssMiB } from "./process-memory.js";
import type { Figure } from "./report.js";
import { type BenchSession, withBox, withSession } from "./sessions.js";

/** Most the daemon's RSS may grow while a slow reader reads a 200 MB stream. */
const BOUND_MIB = 50;

interface SlowRead {
  readBytes: number;
  growthMiB: number;
  containerGrowthMiB: number;
}

/** Reads a Node stream at `rate` bytes/s for `seconds`, then drops it. */
async function readSlowly(stream: Readable, rate: number, seconds: number): Promise<number> {
  let read = 0;
  const until = Date.now() + seconds * 1000;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      stream.off("data", onData);
      resolve();
    };
    const onData = (chunk: Buffer | string) => {
      read += chunk.length;
      stream.pause();
      const wait = (chunk.length / rate) * 1000;
      if (Date.now() + wait >= until) setTimeout(done, Math.max(0, until - Date.now()));
      else setTimeout(() => stream.resume(), wait);
    };
    stream.on("data", onData);
    stream.once("error", reject);
    stream.once("end", done);
  });
  stream.destroy();
  return read;
}

async function slowGrpc(ctx: BenchContext, s: BenchSession, cmd: string): Promise<number> {
  const { slowBytesPerSecond: rate, slowSeconds } = ctx.settings;
  const abort = new AbortController();
  const until = Date.now() + slowSeconds * 1000;
  let read = 0;
  try {
    for await (const e of ctx.grpc.exec.execStream(
      { sessionId: s.id, cmd },
      { signal: abort.signal },
    )) {
      if (e.event.case !== "output") continue;
      read += e.event.value.data.length;
      const wait = (e.event.value.data.length / rate) * 1000;
      await sleep(Math.min(wait, Math.max(0, until - Date.now())));
      if (Date.now() >= until) break;
    }
  } finally {
    abort.abort();
  }
  return read;
}

async function watch(
  pid: number,
  containerId: string,
  run: () => Promise<number>,
): Promise<SlowRead> {
  const rss = new PeakSampler(() => rssMiB(pid));
  const container = new PeakSampler(() => containerUsage(containerId).memoryBytes / 1024 / 1024);
  const readBytes = await run();
  return { readBytes, growthMiB: rss.stop(), containerGrowthMiB: container.stop() };
}

/** After the reader went away, the command must be stopped: the next exec runs at once. */
async function commandStopped(ctx: BenchContext, s: BenchSession): Promise<void> {
  const r = await ctx.grpc.exec.exec({ sessionId: s.id, cmd: "true" }, { timeoutMs: 15_000 });
  if (r.exitCode !== 0) throw new Error("the session did not answer after the slow reader left");
}

function figure(path: string, ours: SlowRead, bare: SlowRead | undefined, ctx: BenchContext) {
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const f: Figure = {
    measure: `slow reader (${ctx.settings.slowBytesPerSecond / 1e6} MB/s, ${ctx.settings.slowSeconds} s) of 200 MB, ${path}`,
    runs: "1",
    ours: `daemon RSS +${ours.growthMiB.toFixed(1)} MiB, session +${ours.containerGrowthMiB.toFixed(1)} MiB; read ${mb(ours.readBytes)}`,
    bare: bare
      ? `dockerd RSS +${bare.growthMiB.toFixed(1)} MiB, container +${bare.containerGrowthMiB.toFixed(1)} MiB; read ${mb(bare.readBytes)}`
      : "",
    ratio: "",
    target: { text: `daemon RSS growth ≤ ${BOUND_MIB} MiB`, met: ours.growthMiB <= BOUND_MIB },
    values: { unit: "MiB", ours, bare },
  };
  return f;
}

/**
 * Back-pressure: a reader that takes 1 MB/s of a 200 MB stream for a few
 * seconds, over gRPC and REST SSE; the daemon's RSS must stay bounded.
 * Bare: the same reader on `docker exec`, watching dockerd's RSS.
 */
export async function backPressure(ctx: BenchContext): Promise<void> {
  ctx.log("back-pressure");
  const { streamBytes, slowBytesPerSecond: rate, slowSeconds } = ctx.settings;
  const cmd = `head -c ${streamBytes} /dev/zero`;
  const enginePid = dockerdPid();
  const bare = await withBox(ctx.settings.image, async (box) =>
    enginePid === undefined
      ? undefined
      : watch(enginePid, box.id, async () =>
          readSlowly(await bareExecStream(box, ["sh", "-c", cmd]), rate, slowSeconds),
        ),
  );
  await withSession(ctx.grpc, async (s) => {
    const grpc = await watch(ctx.daemon.pid, s.containerId, () => slowGrpc(ctx, s, cmd));
    await commandStopped(ctx, s);
    ctx.add(figure("gRPC", grpc, bare, ctx));
    const sse = await watch(ctx.daemon.pid, s.containerId, async () => {
      const res = await ctx.rest.open("POST", `/v1/sessions/${s.id}/exec/stream`, { cmd });
      return readSlowly(res, rate, slowSeconds);
    });
    await commandStopped(ctx, s);
    ctx.add(figure("REST SSE (bytes on the wire)", sse, bare, ctx));
  });
}
