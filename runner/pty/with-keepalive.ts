/** Marks a silence of the source in withKeepalive's output. */
export const KEEPALIVE = Symbol("keepalive");

/**
 * Passes the source's values on and adds KEEPALIVE whenever it stays silent
 * for `intervalMs`. Reads no further ahead than the consumer asks.
 */
export async function* withKeepalive<T>(
  source: AsyncIterable<T>,
  intervalMs: number,
): AsyncGenerator<T | typeof KEEPALIVE> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const silence = new Promise<typeof KEEPALIVE>((resolve) => {
        timer = setTimeout(() => resolve(KEEPALIVE), intervalMs);
      });
      const result = await Promise.race([pending, silence]);
      clearTimeout(timer);
      if (result === KEEPALIVE) {
        yield KEEPALIVE;
        continue;
      }
      if (result.done) return;
      yield result.value;
      pending = iterator.next();
    }
  } finally {
    pending.catch(() => {});
    await iterator.return?.();
  }
}
