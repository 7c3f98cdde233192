import type http2 from "node:http2";
import { constants } from "node:http2";
import { Code, ConnectError } from "@connectrpc/connect";

/** The call's error from grpc-status and grpc-message; undefined for OK. */
export function statusError(h: http2.IncomingHttpHeaders): ConnectError | undefined {
  const raw = h["grpc-status"];
  const status = Number(raw);
  if (status === 0) return undefined;
  if (!Number.isInteger(status) || status < 1 || status > 16) {
    return new ConnectError(`the runner sent grpc-status ${String(raw)}`, Code.Unknown);
  }
  return new ConnectError(decodeMessage(h["grpc-message"]), status as Code);
}

/** The error of a stream the runner (or the connection) reset, as gRPC clients map reset codes. */
export function errorFromReset(
  rstCode: number,
  otherwise = "the runner ended the call",
): ConnectError {
  const words = `${otherwise} (HTTP/2 code ${rstCode})`;
  switch (rstCode) {
    case constants.NGHTTP2_CANCEL:
      return new ConnectError(words, Code.Canceled);
    case constants.NGHTTP2_REFUSED_STREAM:
      return new ConnectError(words, Code.Unavailable);
    case constants.NGHTTP2_ENHANCE_YOUR_CALM:
      return new ConnectError(words, Code.ResourceExhausted);
    default:
      return new ConnectError(words, Code.Internal);
  }
}

/** Node's error codes for a runner that can't be reached (Unavailable) or went away mid-call (Aborted). */
const STREAM_ERROR_CODES: Record<string, Code> = {
  ECONNREFUSED: Code.Unavailable,
  ENOENT: Code.Unavailable,
  ETIMEDOUT: Code.Unavailable,
  ECONNRESET: Code.Aborted,
  EPIPE: Code.Aborted,
  ERR_STREAM_PREMATURE_CLOSE: Code.Aborted,
  ERR_HTTP2_STREAM_ERROR: Code.Aborted,
  ERR_HTTP2_INVALID_STREAM: Code.Aborted,
  ERR_STREAM_DESTROYED: Code.Aborted,
};

/** A Node error on the stream or its connection, with the code a gRPC client gives it. */
export function errorFromStream(err: unknown): ConnectError {
  const nodeCode = (err as { code?: unknown } | null)?.code;
  const code = typeof nodeCode === "string" ? STREAM_ERROR_CODES[nodeCode] : undefined;
  if (code === undefined) return ConnectError.from(err, Code.Unavailable);
  return new ConnectError(String((err as Error).message), code, undefined, undefined, err);
}

function decodeMessage(value: string | string[] | undefined): string {
  if (typeof value !== "string") return "";
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
