import { createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ExecService } from "../gen/sandkasten/v1/exec_pb.js";
import { SessionService } from "../gen/sandkasten/v1/session_pb.js";
import { bareCreateStart, bareExec, removeContainer } from "./bare-docker.js";
import { startDaemonProcess } from "./daemon-process.js";
import { ms, type Summary, summarize, timeRuns } from "./stats.js";

/**
 * Measures the daemon beside bare Docker doing the same work, in one run on
 * this machine: cold session create, exec round trip, streaming throughput.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const IMAGE = "sandbox-runtime:base";
const STREAM_BYTES = 200 * 1000 * 1000;

const daemon = await startDaemonProcess();
const auth: Interceptor = (next) => (req) => {
  req.header.set("authorization", `Bearer ${daemon.apiKey}`);
  return next(req);
};
const transport = createGrpcTransport({ baseUrl: daemon.url, interceptors: [auth] });
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
  row("cold session create", summarize(ours), summarize(bare), "docker create+start");

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
} finally {
  await daemon.stop();
}

const header = ["measure", "sandkasten median / p95", "bare Docker median / p95", "ratio"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
console.log(
  `\nSandkasten benchmark (${RUNS} runs per create, ${RUNS * 4} per exec; ${new Date().toISOString()})`,
);
for (const r of [header, widths.map((w) => "-".repeat(w)), ...rows]) {
  console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | "));
}
