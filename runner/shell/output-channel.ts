/**
 * A queue between producers that can be paused (the shell's pipes) and one
 * consumer (the gRPC stream). Above `highWater` queued bytes it asks the
 * producers to pause; once the consumer has taken it below half, to resume.
 * So a slow client slows the command instead of growing the runner's memory.
 */
export class OutputChannel<T> implements AsyncIterable<T> {
  private readonly queue: { item: T; size: number }[] = [];
  private queued = 0;
  private paused = false;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly highWater: number,
    private readonly pause: () => void,
    private readonly resume: () => void,
    /** Whether two queued items may leave as one, and how to join a run of them. */
    private readonly canJoin: (a: T, b: T) => boolean = () => false,
    private readonly join: (items: T[]) => T = (items) => items[0] as T,
    private readonly joinLimit = 0,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  push(item: T, size = 0): void {
    if (this.closed) return;
    this.queue.push({ item, size });
    this.queued += size;
    if (!this.paused && this.queued > this.highWater) {
      this.paused = true;
      this.pause();
    }
    this.notify();
  }

  close(): void {
    this.closed = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const next = this.takeMerged();
      if (next) {
        if (this.paused && this.queued <= this.highWater / 2) {
          this.paused = false;
          this.resume();
        }
        yield next.item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /**
   * The next item, joined with those queued behind it while they fit in
   * joinLimit: a backlog leaves as a few large messages, not many small ones.
   */
  private takeMerged(): { item: T; size: number } | undefined {
    const first = this.queue.shift();
    if (!first) return undefined;
    this.queued -= first.size;
    const run = [first.item];
    let size = first.size;
    for (;;) {
      const following = this.queue[0];
      if (!following || size + following.size > this.joinLimit) break;
      if (!this.canJoin(first.item, following.item)) break;
      this.queue.shift();
      this.queued -= following.size;
      run.push(following.item);
      size += following.size;
    }
    return { item: run.length === 1 ? first.item : this.join(run), size };
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
