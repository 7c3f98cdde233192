import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/**
 * Graceful shutdown: counts the calls under way (a stream until its last
 * message), refuses new ones once draining starts, and lets the daemon wait
 * for the running ones up to a grace period.
 */
export class Drain {
  private active = 0;
  private responding = 0;
  private draining = false;
  private readonly stopping = new AbortController();

  /**
   * Aborts when draining starts: for calls that would otherwise run on until
   * the grace period ends (an open terminal), so they end at once.
   */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  get inFlight(): number {
    return Math.max(this.active, this.responding);
  }

  /**
   * Counts an HTTP response until it has gone out (or its connection did): a
   * unary call ends for the interceptor before its answer is written, and
   * closing the port then would cut the answer off.
   */
  track(res: { once(event: "close", listener: () => void): unknown }): void {
    this.responding++;
    res.once("close", () => this.responding--);
  }

  readonly interceptor: Interceptor = (next) => async (req) => {
    if (this.draining) {
      throw new ConnectError(
        "the daemon is shutting down; retry against its successor",
        Code.Unavailable,
      );
    }
    this.active++;
    let counted = true;
    const done = () => {
      if (counted) this.active--;
      counted = false;
    };
    try {
      const res = await next(req);
      if (!res.stream) {
        done();
        return res;
      }
      const messages = res.message;
      const onAbort = () => stop();
      const stream = (async function* () {
        try {
          yield* messages;
        } finally {
          req.signal.removeEventListener("abort", onAbort);
          done();
        }
      })();
      // A caller that went away may leave the stream suspended with nobody
      // to pull its next message (calls made in process do): it is ended
      // here, so that its handler's clean-up runs and the call stops counting.
      const stop = () => {
        done();
        void stream.return(undefined).catch(() => {});
      };
      req.signal.addEventListener("abort", onAbort, { once: true });
      return { ...res, message: stream };
    } catch (err) {
      done();
      throw err;
    }
  };

  /** Stops taking calls and waits until the running ones end or `graceMs` passes; returns how many were left. */
  async drain(graceMs: number): Promise<number> {
    this.draining = true;
    this.stopping.abort(new ConnectError("the daemon is shutting down", Code.Unavailable));
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) await sleep(50);
    return this.inFlight;
  }
}
