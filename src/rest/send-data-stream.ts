import type { RestContext } from "./context.js";
import { writeWithBackpressure } from "./write-stream.js";

export interface DataStreamAnswer {
  contentType: string;
  // The attachment's file name; "" sends no content-disposition.
  filename: string;
  // What is sent and from where, for the log line of a transfer that breaks.
  what: string;
  from: Record<string, string>;
}

/**
 * Sends a stream of data messages as the body, at the client's pace. The
 * first message tells whether the stream can be read at all: until then an
 * error can still be a JSON error status.
 */
export async function sendDataStream(
  ctx: RestContext,
  stream: AsyncIterable<{ data: Uint8Array }>,
  answer: DataStreamAnswer,
): Promise<void> {
  const chunks = stream[Symbol.asyncIterator]();
  try {
    let next = await chunks.next();
    ctx.res.writeHead(200, {
      "content-type": answer.contentType,
      ...contentDisposition(answer.filename),
    });
    try {
      for (; !next.done; next = await chunks.next()) {
        const { data } = next.value;
        if (data.length > 0 && !(await writeWithBackpressure(ctx.res, data, ctx.signal))) return;
      }
    } catch (err) {
      if (ctx.signal.aborted) return;
      // Past the headers, only a broken transfer can tell the client.
      ctx.log(`${answer.what} failed after it started`, { ...answer.from, error: String(err) });
      ctx.res.destroy();
      return;
    }
    ctx.res.end();
  } finally {
    // Not awaited: after an abort the call may still be busy inside.
    chunks.return?.()?.catch(() => {});
  }
}

function contentDisposition(name: string): Record<string, string> {
  if (name === "") return {};
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return { "content-disposition": `attachment; filename*=UTF-8''${encoded}` };
}
