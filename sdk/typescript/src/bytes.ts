import type { FileData } from "./types.js";

/** Upload messages carry at most 4 MiB; 1 MiB keeps memory and latency low. */
export const CHUNK_BYTES = 1 << 20;

const encoder = new TextEncoder();

export function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === "string" ? encoder.encode(content) : content;
}

/** Splits any FileData into chunks of at most CHUNK_BYTES, in order. */
export async function* chunks(data: FileData): AsyncGenerator<Uint8Array> {
  const source = typeof data === "string" || data instanceof Uint8Array ? [toBytes(data)] : data;
  for await (const piece of source) {
    for (let at = 0; at < piece.length; at += CHUNK_BYTES) {
      yield piece.subarray(at, at + CHUNK_BYTES);
    }
  }
}

/** Concatenates a stream of chunks into one array. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of source) {
    parts.push(part);
    length += part.length;
  }
  const whole = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}
