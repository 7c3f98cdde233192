/**
 * Messages for a client stream, handed over one at a time: push() resolves
 * once the stream has taken the message, so a writer that waits for it never
 * runs ahead of the connection. close() ends the stream; later pushes are dropped.
 */
export class Outbox<T> implements AsyncIterable<T> {
  private readonly queue: { value: T; taken: () => void }[] = [];
  private wake: (() => void) | undefined;
  private closed = false;

  push(value: T): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((taken) => {
      this.queue.push({ value, taken });
      this.wakeReader();
    });
  }

  close(): void {
    this.closed = true;
    for (const { taken } of this.queue.splice(0)) taken();
    this.wakeReader();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        next.taken();
        yield next.value;
      } else if (this.closed) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    }
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
