// Server-sent events framing. JSON.stringify escapes newlines, so each event's
// data fits on one `data:` line.

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const sseKeepalive = ": keepalive\n\n";

export const sseHeaders = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  // Tells nginx-style proxies not to buffer the stream.
  "x-accel-buffering": "no",
} as const;
