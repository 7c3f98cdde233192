import type { Duplex } from "node:stream";

const answers: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    "Request Header Fields Too Large",
    "the request line and headers are larger than 16 KiB (a URL that long: send the value in a body)",
  ],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "Payload Too Large", "the chunk extensions are too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    "Request Timeout",
    "the request's headers did not arrive in time",
  ],
};

/**
 * An HTTP/1.1 request Node cannot parse (headers past 16 KiB, bad framing)
 * gets the status Node would send, with a JSON {"error"} body as every
 * other answer has; like Node, only when no answer is under way on the socket.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code !== "ECONNRESET" && socket.writable && !inFlight?.headersSent) {
    const [status, reason, message] = answers[err.code ?? ""] ?? [
      400,
      "Bad Request",
      "the request is not valid HTTP/1.1",
    ];
    const body = JSON.stringify({ error: message });
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
