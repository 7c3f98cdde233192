import type { Config } from "../config/load.js";
import type { Logger } from "../log.js";
import type { RunnerClient } from "../runner-client/runner-client.js";
import type { Sandbox } from "../runtime/runtime.js";
import { PoolStats } from "./pool-stats.js";

/** A ready container: started, its shell running and warmed up, its runner connected. */
export interface PoolEntry {
  /** The session id it is made with. */
  id: string;
  image: string;
  sandbox: Sandbox;
  /** The open connection to its runner, handed over with the container. */
  runner?: RunnerClient;
}

export interface PoolOps {
  /** Creates one ready container for `image`. */
  create(image: string): Promise<PoolEntry>;
  /** Removes a ready container nobody took. */
  discard(entry: PoolEntry): Promise<void>;
}

export interface PoolImageState {
  image: string;
  target: number;
  ready: number;
  creating: number;
  hits: number;
  misses: number;
  takeP50Ms: number;
  takeP95Ms: number;
}

const RETRY_DELAY_MS = 5_000;
/** After a take, how long the refill waits (the taking session's first steps go first). */
const REFILL_DELAY_MS = 250;

/**
 * Pre-warmed containers per image (pool.images). Filled at start-up and
 * refilled in the background after every take; a take never waits for a
 * refill: an empty pool is a miss, and the caller creates cold.
 */
export class PoolManager {
  private readonly ready = new Map<string, PoolEntry[]>();
  private readonly readyAt = new WeakMap<PoolEntry, number>();
  private readonly creating = new Map<string, number>();
  private readonly stats = new Map<string, PoolStats>();
  /** Creates under way; stop() waits for them, as they discard what they made. */
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly config: Config,
    private readonly ops: PoolOps,
    private readonly log: Logger,
  ) {
    for (const image of Object.keys(this.targets)) {
      this.ready.set(image, []);
      this.creating.set(image, 0);
      this.stats.set(image, new PoolStats());
    }
  }

  get enabled(): boolean {
    return this.config.pool.enabled;
  }

  private get targets(): Record<string, number> {
    return this.config.pool.enabled ? this.config.pool.images : {};
  }

  start(): void {
    for (const image of Object.keys(this.targets)) this.refill(image);
  }

  /** A ready container for `image`, or undefined (a miss). */
  take(image: string): PoolEntry | undefined {
    const stats = this.stats.get(image);
    const entry = this.ready.get(image)?.shift();
    if (!entry) {
      if (stats) stats.misses++;
      return undefined;
    }
    // Not now: making a container competes with this take for the CPU.
    setTimeout(() => this.refill(image), REFILL_DELAY_MS).unref();
    return entry;
  }

  /** Records a completed take: a hit, and how long handing it over took. */
  recordHit(image: string, ms: number): void {
    const stats = this.stats.get(image);
    if (!stats) return;
    stats.hits++;
    stats.recordTake(ms);
  }

  /** The ready containers, oldest first per image, with when each became ready. */
  readyEntries(): { entry: PoolEntry; readyAt: number }[] {
    return [...this.ready.values()].flat().map((entry) => ({
      entry,
      readyAt: this.readyAt.get(entry) ?? Date.now(),
    }));
  }

  isPooled(image: string): boolean {
    return (this.targets[image] ?? 0) > 0;
  }

  status(): PoolImageState[] {
    return Object.entries(this.targets).map(([image, target]) => {
      const stats = this.stats.get(image) as PoolStats;
      return {
        image,
        target,
        ready: this.ready.get(image)?.length ?? 0,
        creating: this.creating.get(image) ?? 0,
        hits: stats.hits,
        misses: stats.misses,
        takeP50Ms: stats.percentile(0.5),
        takeP95Ms: stats.percentile(0.95),
      };
    });
  }

  /** Drops ready entries whose container no longer runs, and refills. */
  prune(runningContainers: ReadonlySet<string>): void {
    for (const [image, entries] of this.ready) {
      const dead = entries.filter((e) => !runningContainers.has(e.sandbox.id));
      if (dead.length === 0) continue;
      this.ready.set(
        image,
        entries.filter((e) => runningContainers.has(e.sandbox.id)),
      );
      for (const entry of dead) void this.ops.discard(entry).catch(() => {});
      this.log.warn("pool: dropped containers that stopped", { image, count: dead.length });
      this.refill(image);
    }
  }

  /** Removes every ready container, and those still being made (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [image, entries] of this.ready) {
      this.ready.set(image, []);
      for (const entry of entries) await this.ops.discard(entry).catch(() => {});
    }
    await Promise.all(this.pending);
  }

  private refill(image: string): void {
    if (this.stopped) return;
    const target = this.targets[image] ?? 0;
    const have = (this.ready.get(image)?.length ?? 0) + (this.creating.get(image) ?? 0);
    for (let i = have; i < target; i++) {
      const creating = this.createOne(image).finally(() => this.pending.delete(creating));
      this.pending.add(creating);
    }
  }

  private async createOne(image: string): Promise<void> {
    this.creating.set(image, (this.creating.get(image) ?? 0) + 1);
    try {
      const entry = await this.ops.create(image);
      if (this.stopped) {
        await this.ops.discard(entry);
        return;
      }
      this.readyAt.set(entry, Date.now());
      this.ready.get(image)?.push(entry);
      this.log.info("pool: container ready", { image, ready: this.ready.get(image)?.length });
    } catch (err) {
      this.log.warn("pool: could not create a container", { image, error: String(err) });
      setTimeout(() => this.refill(image), RETRY_DELAY_MS).unref();
    } finally {
      this.creating.set(image, (this.creating.get(image) ?? 1) - 1);
    }
  }
}
