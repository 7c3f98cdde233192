/** Counters and recent take latencies of one image's pool. */
export class PoolStats {
  hits = 0;
  misses = 0;
  private readonly takes: number[] = [];

  recordTake(ms: number): void {
    this.takes.push(ms);
    if (this.takes.length > 200) this.takes.shift();
  }

  percentile(q: number): number {
    if (this.takes.length === 0) return 0;
    const sorted = [...this.takes].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  }
}
