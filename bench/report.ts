import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ms, type Summary, summarize } from "./stats.js";

/** A goal from the issues, and whether this run reached it. */
export interface Target {
  text: string;
  met: boolean;
}

/** One row of the table; `values` keeps the raw numbers for the JSON file. */
export interface Figure {
  measure: string;
  runs: string;
  ours: string;
  bare: string;
  ratio: string;
  target?: Target;
  values: Record<string, unknown>;
}

export interface Bare {
  name: string;
  samples: readonly number[];
}

const both = (s: Summary) => `${ms(s.median)} / ${ms(s.p95)}`;

/** A latency row: median / p95 of ours beside bare Docker's, ratio of the medians. */
export function latencyFigure(
  measure: string,
  ours: readonly number[],
  bare?: Bare,
  p50AtMost?: number,
  note = "",
): Figure {
  const o = summarize(ours);
  const b = bare ? summarize(bare.samples) : undefined;
  return {
    measure,
    runs: `${o.runs}${b && b.runs !== o.runs ? ` / ${b.runs}` : ""}`,
    ours: `${both(o)}${note}`,
    bare: bare && b ? `${bare.name}: ${both(b)}` : "",
    ratio: b ? `${(o.median / b.median).toFixed(2)}x time` : "",
    ...(p50AtMost === undefined
      ? {}
      : { target: { text: `p50 ≤ ${p50AtMost} ms`, met: o.median <= p50AtMost } }),
    values: { unit: "ms", ours: o, ...(bare && b ? { bare: { name: bare.name, ...b } } : {}) },
  };
}

/**
 * A throughput row from the times of runs that each moved `bytes`: MB/s at
 * the median time and at the p95 time (the slow runs), ratio of the medians.
 */
export function rateFigure(
  measure: string,
  bytes: number,
  ours: readonly number[],
  bare: Bare,
  ratioAtLeast: number,
): Figure {
  const o = summarize(ours);
  const b = summarize(bare.samples);
  const rate = (t: number) => bytes / 1e6 / (t / 1000);
  const text = (s: Summary) => `${rate(s.median).toFixed(0)} / ${rate(s.p95).toFixed(0)} MB/s`;
  const ratio = rate(o.median) / rate(b.median);
  return {
    measure,
    runs: `${o.runs}`,
    ours: text(o),
    bare: `${bare.name}: ${text(b)}`,
    ratio: `${ratio.toFixed(2)}x speed`,
    target: { text: `≥ ${ratioAtLeast.toFixed(1)}x bare`, met: ratio >= ratioAtLeast },
    values: {
      unit: "MB/s",
      ours: { mbps_median: rate(o.median), mbps_p95: rate(o.p95), ms: o },
      bare: { name: bare.name, mbps_median: rate(b.median), mbps_p95: rate(b.p95), ms: b },
      ratio,
    },
  };
}

const HEADER = [
  "measure",
  "runs",
  "sandkasten median / p95",
  "bare Docker median / p95",
  "ratio",
  "target",
];

function cells(f: Figure): string[] {
  const target = f.target ? `${f.target.text}: ${f.target.met ? "met" : "NOT met"}` : "";
  return [f.measure, f.runs, f.ours, f.bare, f.ratio, target];
}

/** The table as text, one row per figure. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [HEADER, widths.map((w) => "-".repeat(w)), ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join(" | ")
        .trimEnd(),
    )
    .join("\n");
}

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
}
