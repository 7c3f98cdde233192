import type { RestResponse } from "./http-types.js";

// Writes a chunk and, when the response's buffer is full, waits for it to
// drain. Resolves false when the response can take no more: the client went
// away (signal aborted) or the response closed.
export function writeWithBackpressure(
  res: RestResponse,
  chunk: string | Uint8Array,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted || res.writableEnded) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (writable: boolean) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      signal.removeEventListener("abort", onClose);
      resolve(writable);
    };
    const onDrain = () => finish(true);
    const onClose = () => finish(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
    signal.addEventListener("abort", onClose);
  });
}
