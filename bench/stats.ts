export interface Summary {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Median and p95 (nearest rank) of samples. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ??
    Number.NaN;
  return {
    runs: sorted.length,
    median: at(0.5),
    p95: at(0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Times `fn` `runs` times after `warmup` untimed calls; milliseconds. */
export async function timeRuns(
  runs: number,
  fn: () => Promise<unknown>,
  warmup = 2,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/**
 * Times several ways of doing the same work, taking turns (one of each per
 * round), so that a change in the machine's load falls on all of them alike.
 */
export async function timeTurns<K extends string>(
  runs: number,
  ways: Record<K, () => Promise<unknown>>,
  warmup = 2,
): Promise<Record<K, number[]>> {
  const names = Object.keys(ways) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < warmup + runs; i++) {
    for (const name of names) {
      const start = performance.now();
      await ways[name]();
      if (i >= warmup) samples[name].push(performance.now() - start);
    }
  }
  return samples;
}

export function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 1)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
