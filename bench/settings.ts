/** How much the benchmark does; every count can be changed by an environment variable. */
export interface BenchSettings {
  /** Runs per create measurement (BENCH_RUNS); exec and stats take 4× as many. */
  runs: number;
  execRuns: number;
  /** Runs per 200 MB stream path (BENCH_STREAM_RUNS). */
  streamRuns: number;
  streamBytes: number;
  /** Ready containers the pooled daemon keeps (BENCH_POOL_SIZE). */
  poolSize: number;
  /** How long an idle session's CPU is watched (BENCH_IDLE_SECONDS). */
  idleSeconds: number;
  /** Idle sessions kept up at once (BENCH_IDLE_SESSIONS). */
  manyIdle: number;
  /** Sessions created or removed at once (BENCH_BATCH). */
  batch: number;
  /** Parallel sessions × execs each (BENCH_PARALLEL, BENCH_PARALLEL_EXECS). */
  parallel: number;
  parallelExecs: number;
  /** How long a slow reader reads, and how fast (bytes per second). */
  slowSeconds: number;
  slowBytesPerSecond: number;
  /** Only these sections (BENCH_ONLY=pooled,exec,...), for working on one. */
  only: readonly string[] | undefined;
  image: string;
}

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return n;
};

export function readSettings(): BenchSettings {
  const runs = int("BENCH_RUNS", 20);
  return {
    runs,
    execRuns: runs * 4,
    streamRuns: int("BENCH_STREAM_RUNS", 20),
    streamBytes: 200_000_000,
    poolSize: int("BENCH_POOL_SIZE", 2),
    idleSeconds: int("BENCH_IDLE_SECONDS", 30),
    manyIdle: int("BENCH_IDLE_SESSIONS", 200),
    batch: int("BENCH_BATCH", 10),
    parallel: int("BENCH_PARALLEL", 50),
    parallelExecs: int("BENCH_PARALLEL_EXECS", 20),
    slowSeconds: 5,
    slowBytesPerSecond: 1_000_000,
    only: process.env.BENCH_ONLY
      ? process.env.BENCH_ONLY.split(",").map((s) => s.trim())
      : undefined,
    image: "sandbox-runtime:base",
  };
}

export const SECTIONS = [
  "pooled",
  "cold",
  "exec",
  "stats",
  "stream",
  "backpressure",
  "idle",
  "many",
  "parallel",
] as const;
export type Section = (typeof SECTIONS)[number];

export function wants(settings: BenchSettings, section: Section): boolean {
  return settings.only === undefined || settings.only.includes(section);
}
