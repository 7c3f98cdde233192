import http2 from "node:http2";
import {
  create,
  type DescMessage,
  type DescMethodStreaming,
  type DescMethodUnary,
  fromBinary,
  isMessage,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type StreamResponse,
  type Transport,
  type UnaryResponse,
} from "@connectrpc/connect";
import type { Http2SessionManager } from "@connectrpc/connect-node";
import { FrameReader, frameMessage } from "./grpc-frames.js";
import { errorFromReset, errorFromStream, statusError } from "./runner-errors.js";

const { NGHTTP2_CANCEL } = http2.constants;

type HeaderInit = ConstructorParameters<typeof Headers>[0];

export interface RunnerTransportOptions {
  sessions: Http2SessionManager;
  /** Biggest message accepted from the runner. */
  readMaxBytes: number;
  /** Client-streaming and bidirectional calls (uploads, terminals) go here. */
  fallback: Transport;
}

/**
 * gRPC to a runner for unary and server-streaming calls, framed by hand on
 * the kept HTTP/2 connection: every exec and file call takes this path, and
 * connect's general client (web streams, header objects, linked abort
 * controllers) cost more than the runner's whole answer. The stream is read
 * at the caller's pace, so HTTP/2 flow control still holds a fast runner back.
 */
export function createRunnerTransport(o: RunnerTransportOptions): Transport {
  return {
    async unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeaderInit | undefined,
      input: MessageInitShape<I>,
    ): Promise<UnaryResponse<I, O>> {
      const call = await startCall(o, method, signal, timeoutMs, header, input);
      let message: MessageShape<O> | undefined;
      for await (const m of call.messages) {
        if (message !== undefined) {
          throw new ConnectError("the runner sent more than one answer", Code.Unimplemented);
        }
        message = m;
      }
      if (message === undefined) {
        throw new ConnectError("the runner sent no answer", Code.Unimplemented);
      }
      return {
        stream: false,
        service: method.parent,
        method,
        header: call.header,
        message,
        trailer: call.trailer,
      };
    },

    async stream<I extends DescMessage, O extends DescMessage>(
      method: DescMethodStreaming<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeaderInit | undefined,
      input: AsyncIterable<MessageInitShape<I>>,
    ): Promise<StreamResponse<I, O>> {
      if (method.methodKind !== "server_streaming") {
        return o.fallback.stream(method, signal, timeoutMs, header, input);
      }
      let request: MessageInitShape<I> | undefined;
      for await (const m of input) request = m;
      if (request === undefined) throw new ConnectError("no request message", Code.Internal);
      const call = await startCall(o, method, signal, timeoutMs, header, request);
      return {
        stream: true,
        service: method.parent,
        method,
        header: call.header,
        message: call.messages,
        trailer: call.trailer,
      };
    },
  };
}

interface Call<O extends DescMessage> {
  header: Headers;
  trailer: Headers;
  messages: AsyncGenerator<MessageShape<O>>;
}

async function startCall<I extends DescMessage, O extends DescMessage>(
  o: RunnerTransportOptions,
  method: DescMethodUnary<I, O> | DescMethodStreaming<I, O>,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  header: HeaderInit | undefined,
  input: MessageInitShape<I>,
): Promise<Call<O>> {
  signal?.throwIfAborted();
  const message = isMessage(input, method.input) ? input : create(method.input, input);
  const headers: http2.OutgoingHttpHeaders = {
    "content-type": "application/grpc+proto",
    te: "trailers",
  };
  for (const [name, value] of new Headers(header)) headers[name] = value;
  if (timeoutMs !== undefined && timeoutMs > 0) headers["grpc-timeout"] = `${timeoutMs}m`;
  const stream = await o.sessions.request(
    "POST",
    `/${method.parent.typeName}/${method.name}`,
    headers,
    {},
  );
  let ended: ConnectError | undefined;
  const end = (err: ConnectError) => {
    ended ??= err;
    if (!stream.destroyed) stream.close(NGHTTP2_CANCEL);
  };
  const onAbort = () =>
    end(
      signal?.reason instanceof ConnectError
        ? signal.reason
        : new ConnectError("the call was canceled", Code.Canceled),
    );
  signal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeoutMs !== undefined && timeoutMs > 0
      ? setTimeout(
          () => end(new ConnectError("the runner did not answer in time", Code.DeadlineExceeded)),
          timeoutMs,
        )
      : undefined;
  const release = () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    if (!stream.destroyed) stream.close(NGHTTP2_CANCEL);
  };
  stream.end(frameMessage(toBinary(method.input, message)));

  const trailer = new Headers();
  let trailers: http2.IncomingHttpHeaders | undefined;
  stream.once("trailers", (t) => {
    trailers = t;
  });
  let response: http2.IncomingHttpHeaders;
  try {
    response = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
      stream.once("response", resolve);
      stream.once("error", reject);
      stream.once("close", () => reject(ended ?? errorFromReset(stream.rstCode)));
    });
  } catch (err) {
    release();
    throw ended ?? errorFromStream(err);
  }
  const headerOut = toHeaders(response);
  const status = Number(response[":status"]);
  if (status !== 200) {
    release();
    throw new ConnectError(`the runner answered HTTP ${status}`, Code.Unknown);
  }
  if (response["grpc-status"] !== undefined) {
    // Trailers-only: the whole answer is in the headers.
    release();
    const err = statusError(response);
    if (err) throw err;
  }
  const reader = new FrameReader(o.readMaxBytes);
  async function* messages(): AsyncGenerator<MessageShape<O>> {
    try {
      if (response["grpc-status"] !== undefined) return;
      for await (const chunk of stream) {
        o.sessions.notifyResponseByteRead(stream);
        for (const bytes of reader.push(chunk as Buffer)) yield fromBinary(method.output, bytes);
      }
      if (reader.partial)
        throw new ConnectError("the runner's answer ends mid-message", Code.Internal);
      if (!trailers) throw ended ?? errorFromReset(stream.rstCode, "the runner sent no status");
      for (const [name, value] of toHeaders(trailers)) trailer.set(name, value);
      const err = statusError(trailers);
      if (err) throw err;
    } catch (err) {
      throw ended ?? (err instanceof ConnectError ? err : errorFromStream(err));
    } finally {
      release();
    }
  }
  return { header: headerOut, trailer, messages: messages() };
}

function toHeaders(h: http2.IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(h)) {
    if (name.startsWith(":") || value === undefined) continue;
    for (const v of [value].flat()) out.append(name, v);
  }
  return out;
}
