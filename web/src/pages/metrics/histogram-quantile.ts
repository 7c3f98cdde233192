import type { Scrape } from "./prometheus-text.js";

interface Bucket {
  le: number;
  /** Observations at or below `le` (cumulative, as the format gives them). */
  count: number;
}

/** A histogram's `_bucket` samples summed over their other labels, by upper bound. */
export function histogramBuckets(scrape: Scrape, histogram: string): Bucket[] {
  const counts = scrape.sumBy(`${histogram}_bucket`, "le");
  return [...counts]
    .map(([le, count]) => ({ le: le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), count }))
    .filter((b) => !Number.isNaN(b.le))
    .sort((a, b) => a.le - b.le);
}

/**
 * The q-quantile (0..1) of the observations, as Prometheus'
 * histogram_quantile estimates it: linear within the bucket that holds it;
 * in the +Inf bucket, the largest finite bound. Undefined without observations.
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number | undefined {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Number.POSITIVE_INFINITY) return lower;
      const inBucket = b.count - below;
      return inBucket > 0 ? lower + ((b.le - lower) * (rank - below)) / inBucket : b.le;
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}
