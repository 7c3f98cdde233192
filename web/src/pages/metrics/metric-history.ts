import type { Reading } from "./metric-charts.js";

export interface Point {
  at: number;
  value: number | undefined;
}

export interface Series {
  name: string;
  /** Oldest first. */
  points: Point[];
}

/** One chart's readings over the last `windowMs`, kept in memory. */
export class MetricHistory {
  private readings: { at: number; values: Reading }[] = [];
  /** In the order first seen, so a series keeps its colour. */
  private names: string[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly missingIsZero = false,
  ) {}

  add(at: number, values: Reading): void {
    this.readings.push({ at, values });
    for (const name of Object.keys(values)) if (!this.names.includes(name)) this.names.push(name);
    while ((this.readings[0]?.at ?? at) < at - this.windowMs) this.readings.shift();
    this.names = this.names.filter((name) => this.readings.some((r) => name in r.values));
  }

  series(): Series[] {
    return this.names.map((name) => ({
      name,
      points: this.readings.map((r) => ({
        at: r.at,
        value: r.values[name] ?? (this.missingIsZero ? 0 : undefined),
      })),
    }));
  }
}
