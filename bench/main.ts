import { createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ExecService } from "../gen/sandkasten/v1/exec_pb.js";
import { SessionService } from "../gen/sandkasten/v1/session_pb.js";
import { WorkspaceService } from "../gen/sandkasten/v1/workspace_pb.js";
import { bareCreateStart, bareExec, removeContainer } from "./bare-docker.js";
import { startDaemonProcess } from "./daemon-process.js";
import { rssMb } from "./process-memory.js";
import { ms, type Summary, summarize, timeRuns } from "./stats.js";

/**
 * Measures the daemon beside bare Docker doing the same work, in one run on
 * this machine: cold session create, exec round trip, streaming throughput.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const IMAGE = "sandbox-runtime:base";
const STREAM_BYTES = 200 * 1000 * 1000;

const POOL_SIZE = 4;
const daemon = await startDaemonProcess();
const bearer =
  (key: string): Interceptor =>
  (next) =>
  (req) => {
    req.header.set("authorization", `Bearer ${key}`);
    return next(req);
  };
const transport = createGrpcTransport({
  baseUrl: daemon.url,
  interceptors: [bearer(daemon.apiKey)],
});
const sessions = createClient(SessionService, transport);
const exec = createClient(ExecService, transport);
const rows: string[][] = [];

function row(what: string, ours: Summary, bare: Summary, bareName: string): void {
  rows.push([
    what,
    `${ms(ours.median)} / ${ms(ours.p95)}`,
    `${bareName}: ${ms(bare.median)} / ${ms(bare.p95)}`,
    `${(ours.median / bare.median).toFixed(2)}x`,
  ]);
}

try {
  // Cold session create (until the shell answers) vs docker create + start.
  const created: string[] = [];
  const ours = await timeRuns(RUNS, async () => {
    const { session } = await sessions.createSession({ image: "base" });
    created.push(session?.id ?? "");
  });
  for (const id of created) await sessions.destroySession({ id });
  const containers: Awaited<ReturnType<typeof bareCreateStart>>[] = [];
  const bare = await timeRuns(RUNS, async () => {
    containers.push(await bareCreateStart(IMAGE));
  });
  for (const c of containers) await removeContainer(c);
  const bareCreate = bare;
  row("cold session create", summarize(ours), summarize(bare), "docker create+start");

  // The same daemon with a pool, as its own process.
  const pooledDaemon = await startDaemonProcess(
    `pool:\n  enabled: true\n  images:\n    "${IMAGE}": ${POOL_SIZE}\n`,
  );
  const pooledSessions = createClient(
    SessionService,
    createGrpcTransport({ baseUrl: pooledDaemon.url, interceptors: [bearer(pooledDaemon.apiKey)] }),
  );
  try {
    // Pooled create, ephemeral and with a workspace: each run waits (untimed)
    // until the pool is full again, then times one take.
    const poolFull = async () => {
      for (;;) {
        const { images } = await pooledSessions.getPoolStatus({});
        if ((images[0]?.ready ?? 0) >= POOL_SIZE) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    for (const workspaceId of ["", "bench-ws"]) {
      const samples: number[] = [];
      const ids: string[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        await poolFull();
        const start = performance.now();
        const { session } = await pooledSessions.createSession({ image: "base", workspaceId });
        if (i >= 2) samples.push(performance.now() - start);
        if (!session?.pooled) throw new Error(`not pooled: ${session?.poolMissReason}`);
        ids.push(session.id);
      }
      for (const id of ids) await pooledSessions.destroySession({ id });
      row(
        workspaceId ? "pooled create, with workspace" : "pooled create, ephemeral",
        summarize(samples),
        summarize(bareCreate),
        "docker create+start",
      );
    }
    await createClient(
      WorkspaceService,
      createGrpcTransport({
        baseUrl: pooledDaemon.url,
        interceptors: [bearer(pooledDaemon.apiKey)],
      }),
    ).deleteWorkspace({ id: "bench-ws" });
  } finally {
    await pooledDaemon.stop();
  }

  // Exec round trip of `true`.
  const { session } = await sessions.createSession({ image: "base" });
  const sessionId = session?.id ?? "";
  const execOurs = await timeRuns(RUNS * 4, async () => {
    await exec.exec({ sessionId, cmd: "true" });
  });
  const box = await bareCreateStart(IMAGE);
  const execBare = await timeRuns(RUNS * 4, async () => {
    await bareExec(box, ["true"]);
  });
  row("exec round trip (true)", summarize(execOurs), summarize(execBare), "docker exec");

  // Streaming throughput: the same bytes out of the container both ways.
  const cmd = `head -c ${STREAM_BYTES} /dev/zero`;
  const streamOurs = await timeRuns(
    5,
    async () => {
      let n = 0;
      for await (const e of exec.execStream({ sessionId, cmd })) {
        if (e.event.case === "output") n += e.event.value.data.length;
      }
      if (n !== STREAM_BYTES) throw new Error(`streamed ${n} of ${STREAM_BYTES} bytes`);
    },
    1,
  );
  const streamBare = await timeRuns(
    5,
    async () => {
      await bareExec(box, ["sh", "-c", cmd]);
    },
    1,
  );
  const mbps = (s: Summary) => STREAM_BYTES / 1e6 / (s.median / 1000);
  const so = summarize(streamOurs);
  const sb = summarize(streamBare);
  rows.push([
    "streaming 200 MB (median)",
    `${mbps(so).toFixed(0)} MB/s`,
    `docker exec: ${mbps(sb).toFixed(0)} MB/s`,
    `${(mbps(so) / mbps(sb)).toFixed(2)}x of bare`,
  ]);
  await removeContainer(box);
  await sessions.destroySession({ id: sessionId });

  // 50 sessions at once, 10 execs each, then destroyed.
  const rssBefore = rssMb(daemon.pid);
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, async (_, n) => {
      try {
        const { session } = await sessions.createSession({ image: "base" });
        const id = session?.id ?? "";
        for (let i = 0; i < 10; i++) {
          const r = await exec.exec({ sessionId: id, cmd: `echo ${n}-${i}` });
          if (r.output !== `${n}-${i}\n`) errors++;
        }
        await sessions.destroySession({ id });
      } catch (err) {
        errors++;
        console.error(`session ${n}: ${(err as Error).message}`);
      }
    }),
  );
  const total = performance.now() - t0;
  const rssAfter = rssMb(daemon.pid);
  rows.push([
    "50 parallel sessions x 10 execs",
    `${(total / 1000).toFixed(1)} s total, ${errors} errors`,
    `daemon RSS ${rssBefore} MB before, ${rssAfter} MB after`,
    "",
  ]);
} finally {
  await daemon.stop();
}

console.log(
  `pool: ${POOL_SIZE} ready ${IMAGE} containers; pooled creates wait (untimed) for a full pool before each run`,
);
const header = ["measure", "sandkasten median / p95", "bare Docker median / p95", "ratio"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
console.log(
  `\nSandkasten benchmark (${RUNS} runs per create, ${RUNS * 4} per exec; ${new Date().toISOString()})`,
);
for (const r of [header, widths.map((w) => "-".repeat(w)), ...rows]) {
  console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | "));
}
