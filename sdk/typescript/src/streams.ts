/**
 * Calls `open` with a signal that follows `signal` and also fires when the
 * consumer stops early (break, return, throw): the server stream is then
 * cancelled at once instead of being drained.
 */
export async function* cancelOnExit<T>(
  signal: AbortSignal | undefined,
  open: (signal: AbortSignal) => AsyncIterable<T>,
): AsyncGenerator<T> {
  const controller = new AbortController();
  const follow = () => controller.abort(signal?.reason);
  if (signal?.aborted) follow();
  signal?.addEventListener("abort", follow, { once: true });
  // Iterated by hand: a for-await would wait for the source's return() before
  // the finally below could abort it.
  const source = open(controller.signal)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal?.removeEventListener("abort", follow);
    controller.abort();
  }
}
