/** How a wait for one's turn ended. */
export type TurnOutcome = "ready" | "canceled" | "timed-out";

export interface Turn {
  outcome: TurnOutcome;
  /** Lets the next in line go; call it once, whatever the outcome. */
  release: () => void;
}

/**
 * Commands on one shell, one at a time, in the order they came. A waiter
 * whose client goes away or whose deadline passes leaves the line at once
 * (it never runs); those behind it still wait for the ones before it.
 */
export class TurnQueue {
  private tail: Promise<void> = Promise.resolve();

  async wait(signal: AbortSignal | undefined, deadline: number): Promise<Turn> {
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => mine);
    const outcome = await firstOf(previous, signal, deadline);
    if (outcome !== "ready") release();
    return { outcome, release };
  }
}

function firstOf(
  previous: Promise<void>,
  signal: AbortSignal | undefined,
  deadline: number,
): Promise<TurnOutcome> {
  if (signal?.aborted) return Promise.resolve("canceled");
  return new Promise<TurnOutcome>((resolve) => {
    const done = (outcome: TurnOutcome) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onAbort = () => done("canceled");
    const timer = setTimeout(() => done("timed-out"), Math.max(0, deadline - Date.now()));
    signal?.addEventListener("abort", onAbort, { once: true });
    void previous.then(() => done("ready"));
  });
}
