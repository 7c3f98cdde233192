import { formatBytes } from "../../ui/format.js";
import { histogramBuckets, histogramQuantile } from "./histogram-quantile.js";
import type { Scrape } from "./prometheus-text.js";

export interface TimedScrape {
  scrape: Scrape;
  /** When it was taken, in ms (Date.now()). */
  at: number;
}

/** Values of a chart's series at one scrape, by series name; undefined leaves a gap. */
export type Reading = Record<string, number | undefined>;

export interface ChartSpec {
  title: string;
  /** What the figures count, under the title. */
  note: string;
  format(value: number): string;
  /** The series' values now; `before` is the previous scrape, for rates. */
  read(now: TimedScrape, before: TimedScrape | undefined): Reading;
  /** The least top of the y axis (1 unless told). */
  floor?: number;
  /** A series missing from a reading is 0 (its gauge drops labels whose value is 0). */
  missingIsZero?: boolean;
}

const count = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function formatSeconds(s: number): string {
  if (s >= 1) return `${Number(s.toFixed(s < 10 ? 2 : 1))} s`;
  const ms = s * 1000;
  return `${ms < 10 ? ms.toFixed(1).replace(/\.0$/, "") : Math.round(ms)} ms`;
}

/** Per second between two scrapes of a counter; a counter that went back (a restart) counts from 0. */
function rate(name: string, now: TimedScrape, before: TimedScrape | undefined): number | undefined {
  const current = now.scrape.sum(name) ?? 0;
  if (!before || now.at <= before.at) return undefined;
  const previous = before.scrape.sum(name) ?? 0;
  const grown = current >= previous ? current - previous : current;
  return grown / ((now.at - before.at) / 1000);
}

const quantiles = (histogram: string, qs: Record<string, number>) => (now: TimedScrape) => {
  const buckets = histogramBuckets(now.scrape, histogram);
  return Object.fromEntries(
    Object.entries(qs).map(([name, q]) => [name, histogramQuantile(q, buckets)]),
  );
};

/** The charts of the metrics page, in their order on it. */
export const CHARTS: ChartSpec[] = [
  {
    title: "Sessions running",
    note: 'sandkasten_sessions{status="running"}, all images',
    format: count,
    read: ({ scrape }) => ({
      running: scrape.sum("sandkasten_sessions", { status: "running" }) ?? 0,
    }),
  },
  {
    title: "Pool ready vs target",
    note: "Ready containers and the target, all images",
    format: count,
    read: ({ scrape }) => ({
      ready: scrape.sum("sandkasten_pool_ready") ?? 0,
      target: scrape.sum("sandkasten_pool_target") ?? 0,
    }),
  },
  {
    title: "Create latency",
    note: "p50 and p95 since the daemon started, pool and cold",
    format: formatSeconds,
    floor: 0.01,
    read: quantiles("sandkasten_session_create_seconds", { p50: 0.5, p95: 0.95 }),
  },
  {
    title: "Exec latency",
    note: "p50 since the daemon started, unary and streams",
    format: formatSeconds,
    floor: 0.01,
    read: quantiles("sandkasten_exec_seconds", { p50: 0.5 }),
  },
  {
    title: "Exec stream output",
    note: "Bytes per second sent by streaming execs",
    format: (n) => `${formatBytes(Math.round(n))}/s`,
    floor: 1024,
    read: (now, before) => ({
      "bytes/s": rate("sandkasten_exec_stream_bytes_total", now, before),
    }),
  },
  {
    title: "Runner failures and engine errors",
    note: "Totals since the daemon started",
    format: count,
    read: ({ scrape }) => ({
      "runner failures": scrape.sum("sandkasten_runner_failures_total") ?? 0,
      "engine errors": scrape.sum("sandkasten_engine_errors_total") ?? 0,
    }),
  },
  {
    title: "Live sessions per tenant",
    note: "Creating or running, by tenant",
    format: count,
    read: ({ scrape }) =>
      Object.fromEntries(scrape.sumBy("sandkasten_tenant_live_sessions", "tenant")),
    missingIsZero: true,
  },
];
