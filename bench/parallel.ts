/**
 * Calls fn(0 … count-1) with at most `concurrency` calls under way. Every
 * call runs to its end even when one fails; then the first failure is thrown.
 */
export async function parallel<T>(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        results[i] = await fn(i);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  if (failure !== undefined) throw failure;
  return results;
}
