import type http2 from "node:http2";

// Connection-specific headers are forbidden in HTTP/2; Node drops them with a
// process warning. Libraries written for HTTP/1.1 (MCP's SSE) still send them.
const CONNECTION_SPECIFIC = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
]);

/** Makes an HTTP/2 response quietly leave out connection-specific headers. */
export function dropConnectionHeaders(res: http2.Http2ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) =>
    CONNECTION_SPECIFIC.has(name.toLowerCase()) ? res : setHeader(name, value);
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
  res.writeHead = ((...args: unknown[]) => {
    const last = args.at(-1);
    if (last !== null && typeof last === "object" && !Array.isArray(last)) {
      args[args.length - 1] = Object.fromEntries(
        Object.entries(last).filter(([name]) => !CONNECTION_SPECIFIC.has(name.toLowerCase())),
      );
    }
    return writeHead(...args);
  }) as typeof res.writeHead;
}
