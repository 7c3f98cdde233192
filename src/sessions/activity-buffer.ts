/** What an exec changed about its session: when it was last used, and its cwd. */
export interface Activity {
  last_activity: number;
  cwd?: string;
}

/**
 * Sessions' last activity and cwd, kept in memory and written to the store
 * together about once a second instead of by every exec: neither needs to
 * survive a crash to the millisecond. Reads see the newest values through
 * overlay() before they are written.
 */
export class ActivityBuffer {
  private pending = new Map<string, Activity>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly write: (changes: ReadonlyMap<string, Activity>) => Promise<void>,
    private readonly onError: (err: unknown) => void,
    intervalMs = 1_000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(onError), intervalMs);
    this.timer.unref();
  }

  record(id: string, cwd?: string): void {
    const before = this.pending.get(id);
    this.pending.set(id, { last_activity: Date.now(), cwd: cwd || before?.cwd });
  }

  /** `row` with what is not yet written. */
  overlay<T extends { id: string; last_activity: number; cwd: string }>(row: T): T {
    const change = this.pending.get(row.id);
    if (!change) return row;
    return { ...row, last_activity: change.last_activity, cwd: change.cwd ?? row.cwd };
  }

  /** Writes what is pending, in one go. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const changes = this.pending;
    this.pending = new Map();
    try {
      await this.write(changes);
    } catch (err) {
      // Kept for the next try, unless newer values came meanwhile.
      for (const [id, change] of changes) if (!this.pending.has(id)) this.pending.set(id, change);
      throw err;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(this.onError);
  }
}
