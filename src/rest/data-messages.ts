import { DATA_MESSAGE_MAX_BYTES } from "../limits.js";
import { HttpError } from "./http-error.js";

/**
 * The messages of a client-streaming call that stores bytes: `head` first,
 * then the body in data messages. Pulls the body only as fast as the call
 * takes messages, so that a request is read no faster than it is stored.
 */
export async function* dataMessages<Head extends object>(
  head: Head,
  body: AsyncIterable<Buffer> & { truncated?: boolean },
): AsyncGenerator<Head | { data: Uint8Array }> {
  yield head;
  for await (const chunk of body) {
    for (let offset = 0; offset < chunk.length; offset += DATA_MESSAGE_MAX_BYTES) {
      yield { data: chunk.subarray(offset, offset + DATA_MESSAGE_MAX_BYTES) };
    }
  }
  // A file cut at the size limit must not be stored.
  if (body.truncated) throw new HttpError(413, "upload exceeded the size limit");
}
