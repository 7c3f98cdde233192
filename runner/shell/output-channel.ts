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
      const next = this.queue.shift();
      if (next) {
        this.queued -= next.size;
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

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
