import { createRequire } from "node:module";
import { expect } from "vitest";

/** One metric family as parse-prometheus-text-format (a Prometheus text parser) reads it. */
export interface MetricFamily {
  name: string;
  help: string;
  type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
  metrics: Array<{
    labels?: Record<string, string>;
    value?: string;
    count?: string;
    sum?: string;
    buckets?: Record<string, string>;
  }>;
}

const parsePrometheusText = createRequire(import.meta.url)("parse-prometheus-text-format") as (
  text: string,
) => MetricFamily[];

/** GET /metrics with `key` (none: no Authorization), its status and body. */
export async function fetchMetrics(url: string, key?: string): Promise<Response> {
  return fetch(`${url}/metrics`, {
    headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
  });
}

export class Scrape {
  readonly families: Map<string, MetricFamily>;
  // parse-prometheus-text-format folds the series of a labelled histogram
  // into one (it was written for unlabelled ones). Parsed again without the
  // histograms' TYPE lines, each of their _bucket, _sum and _count series is
  // a family of its own, every line still read by the parser.
  private readonly histogramSeries: Map<string, MetricFamily>;

  constructor(text: string) {
    const families = parsePrometheusText(text);
    this.families = new Map(families.map((f) => [f.name, f]));
    const histograms = new Set(families.filter((f) => f.type === "HISTOGRAM").map((f) => f.name));
    const untyped = text
      .split("\n")
      .filter((line) => !(line.startsWith("# TYPE ") && histograms.has(line.split(" ")[2] ?? "")))
      .join("\n");
    // The series of a histogram alternate (_bucket, _sum, _count, _bucket...): one family each.
    this.histogramSeries = new Map();
    for (const f of parsePrometheusText(untyped)) {
      const seen = this.histogramSeries.get(f.name);
      if (seen) seen.metrics.push(...f.metrics);
      else this.histogramSeries.set(f.name, f);
    }
  }

  static async of(url: string, key: string): Promise<Scrape> {
    const res = await fetchMetrics(url, key);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return new Scrape(text);
  }

  family(name: string): MetricFamily {
    const f = this.families.get(name);
    if (!f) throw new Error(`/metrics has no ${name}`);
    return f;
  }

  /** The sum of a counter's or gauge's samples whose labels include `labels`; 0 when none. */
  value(name: string, labels: Record<string, string> = {}): number {
    return sumOf(matching(this.family(name), labels));
  }

  /** How many observations a histogram's series whose labels include `labels` counted. */
  count(name: string, labels: Record<string, string> = {}): number {
    expect(this.family(name).type).toBe("HISTOGRAM");
    const counts = this.histogramSeries.get(`${name}_count`);
    return counts === undefined ? 0 : sumOf(matching(counts, labels));
  }
}

function matching(family: MetricFamily, labels: Record<string, string>) {
  return family.metrics.filter((m) =>
    Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
  );
}

const sumOf = (samples: MetricFamily["metrics"]) =>
  samples.reduce((sum, m) => sum + Number(m.value), 0);
