import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { backPressure } from "./back-pressure.js";
import { BARE_INSTANCE } from "./bare-docker.js";
import { Cleanup, removeLabelled } from "./cleanup.js";
import { grpcClients } from "./clients.js";
import { coldCreate } from "./cold-create.js";
import type { BenchContext } from "./context.js";
import { startDaemonProcess } from "./daemon-process.js";
import { execRoundTrip } from "./exec-round-trip.js";
import { idleCost } from "./idle.js";
import { manyIdle } from "./many-idle.js";
import { pooledCreate } from "./pooled.js";
import { type Figure, formatTable, writeJson } from "./report.js";
import { RestClient } from "./rest-client.js";
import { sessionStats } from "./session-stats.js";
import { type BenchSettings, readSettings, type Section, wants } from "./settings.js";
import { streamThroughput } from "./streams.js";
import { parallelThroughput } from "./throughput.js";

/**
 * `npm run bench`: the daemon as its own process, measured beside bare
 * Docker doing the same work in the same run. One table on stdout, the same
 * as JSON in .tools/bench-last.json; everything made is removed at the end.
 */
const settings = readSettings();
const figures: Figure[] = [];
const failures: string[] = [];
const cleanup = new Cleanup();
cleanup.onSignals();
cleanup.add("bare containers", () => removeLabelled(BARE_INSTANCE));
const began = performance.now();
const log = (text: string) =>
  console.error(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${text}`);

const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 1200);
setTimeout(() => {
  log(`still running after ${TIMEOUT_S} s (BENCH_TIMEOUT_SECONDS): giving up`);
  void cleanup.run().finally(() => process.exit(1));
}, TIMEOUT_S * 1000).unref();

/** Runs sections against one daemon process, stopped and swept afterwards. */
async function withDaemon(
  extraYaml: string,
  sections: [Section, (ctx: BenchContext) => Promise<void>][],
): Promise<void> {
  const chosen = sections.filter(([name]) => wants(settings, name));
  if (chosen.length === 0) return;
  const daemon = await startDaemonProcess(extraYaml);
  const rest = new RestClient(daemon.url, daemon.apiKey);
  const stop = async () => {
    rest.close();
    await daemon.stop();
    const left = await removeLabelled(daemon.instance);
    if (left > 0) log(`removed ${left} containers/volumes the daemon left`);
  };
  const drop = cleanup.add(`daemon ${daemon.instance}`, stop);
  const ctx: BenchContext = {
    settings,
    daemon,
    rest,
    grpc: grpcClients(daemon),
    add: (f) => figures.push(f),
    log,
  };
  try {
    for (const [name, run] of chosen) {
      try {
        await run(ctx);
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message}`);
        log(`${name} FAILED: ${(err as Error).stack ?? err}`);
      }
    }
  } finally {
    drop();
    await stop();
  }
}

function describe(s: BenchSettings): string {
  return [
    `BENCH_RUNS=${s.runs} per create, ${s.execRuns} per exec and stats`,
    `${s.streamRuns} per stream (BENCH_STREAM_RUNS)`,
    `pool of ${s.poolSize}`,
    `idle ${s.idleSeconds} s`,
    `${s.manyIdle} idle sessions`,
    `${s.parallel}x${s.parallelExecs} parallel`,
    `${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  ].join("; ");
}

try {
  log(describe(settings));
  // The pooled daemon runs alone first; the pool must not serve the cold creates.
  await withDaemon(
    `pool:\n  enabled: true\n  images:\n    "${settings.image}": ${settings.poolSize}\n`,
    [["pooled", pooledCreate]],
  );
  await withDaemon("", [
    ["cold", coldCreate],
    ["exec", execRoundTrip],
    ["stats", sessionStats],
    ["stream", streamThroughput],
    ["backpressure", backPressure],
    ["idle", idleCost],
    ["many", manyIdle],
    ["parallel", parallelThroughput],
  ]);
} catch (err) {
  failures.push(`bench: ${(err as Error).message}`);
  log(`FAILED: ${(err as Error).stack ?? err}`);
} finally {
  await cleanup.run();
}

const date = new Date().toISOString();
const seconds = (performance.now() - began) / 1000;
console.log(`\nSandkasten benchmark, ${date} (${seconds.toFixed(0)} s): ${describe(settings)}`);
console.log(formatTable(figures));
for (const f of failures) console.log(`FAILED ${f}`);
const jsonPath = fileURLToPath(new URL("../.tools/bench-last.json", import.meta.url));
writeJson(jsonPath, { date, seconds, settings, figures, failures });
console.log(`\n(also in ${jsonPath})`);
process.exit(failures.length > 0 ? 1 : 0);
