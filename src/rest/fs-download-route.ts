import type { RestContext } from "./context.js";
import { lastName, queryPath } from "./fs-path.js";
import { writeWithBackpressure } from "./write-stream.js";

export async function fsDownload(ctx: RestContext): Promise<void> {
  const path = queryPath(ctx.query);
  const chunks = ctx.clients.fs
    .download({ sessionId: ctx.params.id, ...path }, ctx.callOptions)
    [Symbol.asyncIterator]();
  try {
    // The first chunk tells whether the file can be read: until then an
    // error can still be a JSON error status.
    let next = await chunks.next();
    ctx.res.writeHead(200, {
      "content-type": "application/octet-stream",
      ...contentDisposition(lastName(path)),
    });
    try {
      for (; !next.done; next = await chunks.next()) {
        const { data } = next.value;
        if (data.length > 0 && !(await writeWithBackpressure(ctx.res, data, ctx.signal))) return;
      }
    } catch (err) {
      if (ctx.signal.aborted) return;
      // Past the headers, only a broken transfer can tell the client.
      ctx.log("download failed after it started", { session: ctx.params.id, error: String(err) });
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
