/** Samples a figure every 100 ms and keeps its start and highest value. */
export class PeakSampler {
  readonly start: number;
  peak: number;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly read: () => number) {
    this.start = read();
    this.peak = this.start;
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    const v = this.read();
    if (v > this.peak) this.peak = v;
  }

  /** Takes one last sample and stops; the growth over the start. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return this.peak - this.start;
  }
}
