// How file bytes travel in messages: chunked client streams up, the data of
// server streams down, and one whole file where a request cannot stream.
import { chunks, collect, toBytes } from "./bytes.js";
import type { FileData } from "./types.js";

/**
 * The messages of a chunked client stream: the first carries `head` (the
 * target), each carries data; an empty file is one message with no data.
 */
export async function* uploadMessages<Head extends object>(
  data: FileData,
  head: Head,
): AsyncGenerator<(Head & { data: Uint8Array }) | { data: Uint8Array }> {
  let first = true;
  for await (const chunk of chunks(data)) {
    yield first ? { ...head, data: chunk } : { data: chunk };
    first = false;
  }
  if (first) yield { ...head, data: new Uint8Array() };
}

/** The whole of FileData, for transports that cannot stream a request body. */
export async function wholeFile(data: FileData): Promise<Uint8Array> {
  return typeof data === "string" || data instanceof Uint8Array
    ? toBytes(data)
    : collect(chunks(data));
}

export async function* dataOf(responses: AsyncIterable<{ data: Uint8Array }>) {
  for await (const r of responses) yield r.data;
}
