import { chmodSync, renameSync, rmSync } from "node:fs";
import http2 from "node:http2";
import { GrpcCall } from "./grpc/call.js";

/** A gRPC method served by hand (grpc/call.ts), by its path: `/<service>/<method>`. */
export type MethodHandler = (call: GrpcCall) => Promise<void>;

/** Where a stream for any other path goes, as the http2 server's "stream" event gives it. */
export type StreamHandler = (
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
  flags: number,
  rawHeaders: string[],
) => void;

export interface SocketServer {
  server: http2.Http2Server;
  /** Moves the socket to its public name: from then on the daemon can connect. */
  publish(): void;
}

/**
 * Serves gRPC on a unix socket that only root may connect to: the methods
 * in `methods` straight on their HTTP/2 streams, every other path through
 * `others`. The socket is bound under a temporary name, locked down, and
 * published by a rename once the runner is ready, so whoever sees
 * `socketPath` sees a ready socket. Call as root: the socket directory
 * belongs to root.
 */
export async function listenOnSocket(
  socketPath: string,
  methods: ReadonlyMap<string, MethodHandler>,
  others: StreamHandler,
): Promise<SocketServer> {
  const server = http2.createServer();
  server.on("stream", (stream, headers, flags, rawHeaders) => {
    const method = methods.get(headers[":path"] ?? "");
    if (method) serve(stream, headers, method);
    else others(stream, headers, flags, rawHeaders as unknown as string[]);
  });
  const temporary = `${socketPath}.${process.pid}`;
  rmSync(temporary, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(temporary, () => {
      server.off("error", reject);
      resolve();
    });
  });
  chmodSync(temporary, 0o600);
  return { server, publish: () => renameSync(temporary, socketPath) };
}

function serve(
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
  method: MethodHandler,
): void {
  const call = new GrpcCall(stream, headers);
  let answer: Promise<void>;
  try {
    GrpcCall.check(headers);
    answer = method(call);
  } catch (err) {
    answer = Promise.reject(err);
  }
  answer.then(
    () => call.end(),
    (err: unknown) => call.end(err),
  );
}
