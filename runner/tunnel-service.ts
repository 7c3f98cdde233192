import type net from "node:net";
import type { GrpcCall } from "./grpc/call.js";
import { GrpcError, Status } from "./grpc/status.js";
import type { MethodHandler } from "./server.js";
import { connectLoopback } from "./tunnel-connect.js";
import { FrameReader } from "./tunnel-frames.js";
import { CONNECTED_FRAME, dataFrameHeader, decodeTunnelRequest } from "./tunnel-messages.js";

/** TunnelRequest.data holds at most 1 MiB (tunnel.proto), plus its field header. */
const MAX_MESSAGE_BYTES = (1 << 20) + 16;

/**
 * TunnelService/Tunnel: one call is one TCP connection to a port on the
 * container's loopback, bytes copied both ways with back-pressure on each
 * side (the request stream pauses while the socket is full, the socket while
 * the daemon has not taken what was sent). At most `maxTunnels` at once.
 */
export function tunnel(maxTunnels: number): MethodHandler {
  let open = 0;
  return async (call) => {
    if (open >= maxTunnels) {
      const message = `at most ${maxTunnels} preview connections are open at once in a sandbox`;
      throw new GrpcError(message, Status.RESOURCE_EXHAUSTED);
    }
    open++;
    try {
      await serve(call);
    } finally {
      open--;
    }
  };
}

async function serve(call: GrpcCall): Promise<void> {
  const reader = new FrameReader(MAX_MESSAGE_BYTES);
  const { first, rest } = await firstMessage(call, reader);
  const { port, data } = decodeTunnelRequest(first);
  if (port < 1 || port > 65535) {
    throw new GrpcError(`port ${port} is not a port: 1 to 65535`, Status.INVALID_ARGUMENT);
  }
  const socket = await connectLoopback(port, call.signal).catch((err: unknown) => {
    const code = (err as { code?: string }).code ?? String(err);
    const message = `nothing accepts connections on port ${port} in the sandbox (${code})`;
    throw new GrpcError(message, Status.UNAVAILABLE);
  });
  await call.send([CONNECTED_FRAME]);
  const pending = [data, ...rest.map((m) => decodeTunnelRequest(m).data)];
  await relay(call, socket, reader, pending);
}

/** The first request message, and any others that came in the same chunks; the stream is left paused. */
function firstMessage(
  call: GrpcCall,
  reader: FrameReader,
): Promise<{ first: Buffer; rest: Buffer[] }> {
  const stream = call.stream;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      let messages: Buffer[];
      try {
        messages = reader.push(chunk);
      } catch (err) {
        done();
        return reject(err);
      }
      const [first, ...rest] = messages;
      if (first === undefined) return;
      done();
      stream.pause();
      resolve({ first, rest });
    };
    const onEnd = () => {
      done();
      reject(
        new GrpcError("the request stream ended before naming a port", Status.INVALID_ARGUMENT),
      );
    };
    const onAbort = () => {
      done();
      reject(new GrpcError("the call was canceled", Status.CANCELED));
    };
    const done = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      call.signal.removeEventListener("abort", onAbort);
    };
    stream.on("data", onData);
    stream.once("end", onEnd);
    call.signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Copies until the server closes the connection (the call then ends OK), the
 * socket fails (UNAVAILABLE), or the daemon goes away (the socket is dropped).
 * The request stream's end half-closes the connection.
 */
function relay(
  call: GrpcCall,
  socket: net.Socket,
  reader: FrameReader,
  pending: (Buffer | undefined)[],
): Promise<void> {
  const stream = call.stream;
  return new Promise((resolve, reject) => {
    const finish = (err?: unknown) => {
      stream.off("data", onData);
      call.signal.removeEventListener("abort", onAbort);
      if (err === undefined) {
        if (!socket.destroyed) socket.end();
        resolve();
      } else {
        socket.destroy();
        reject(err);
      }
    };
    const toServer = (data: Buffer | undefined) => {
      if (data !== undefined && data.length > 0 && !socket.write(data)) stream.pause();
    };
    const onData = (chunk: Buffer) => {
      try {
        for (const message of reader.push(chunk)) toServer(decodeTunnelRequest(message).data);
      } catch (err) {
        finish(err);
      }
    };
    const onAbort = () => {
      socket.destroy();
      finish();
    };
    socket.on("drain", () => stream.resume());
    socket.on("data", (chunk: Buffer) => {
      socket.pause();
      void call.send([dataFrameHeader(chunk.length), chunk]).then(() => socket.resume());
    });
    socket.once("end", () => finish());
    socket.on("error", (err: Error & { code?: string }) => {
      const message = `the connection in the sandbox failed (${err.code ?? err.message})`;
      finish(new GrpcError(message, Status.UNAVAILABLE));
    });
    stream.once("end", () => {
      if (reader.partial) finish(new GrpcError("a message was cut off", Status.INVALID_ARGUMENT));
      else socket.end();
    });
    call.signal.addEventListener("abort", onAbort, { once: true });
    for (const data of pending) toServer(data);
    stream.on("data", onData);
    stream.resume();
  });
}
