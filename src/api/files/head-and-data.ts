import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Splits a client stream whose first message names what it is for (and may
 * carry data) into that first message and the stream of its data.
 */
export async function headAndData<T extends { data: Uint8Array }>(
  requests: AsyncIterable<T>,
  isComplete: (head: T) => boolean,
  what: string,
): Promise<{ head: T; data: AsyncGenerator<Uint8Array> }> {
  const iterator = requests[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done || !isComplete(first.value)) {
    throw new ConnectError(what, Code.InvalidArgument);
  }
  const head = first.value;
  async function* data(): AsyncGenerator<Uint8Array> {
    if (head.data.length > 0) yield head.data;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      if (next.value.data.length > 0) yield next.value.data;
    }
  }
  return { head, data: data() };
}
