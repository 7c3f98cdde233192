import net from "node:net";

/**
 * A TCP connection to `port` on the container's loopback: 127.0.0.1, or ::1
 * when nothing listens there (servers that bind "localhost" may take only
 * the IPv6 one). Rejects with the first address's error when neither takes it.
 */
export async function connectLoopback(port: number, signal: AbortSignal): Promise<net.Socket> {
  try {
    return await connect("127.0.0.1", port, signal);
  } catch (first) {
    if (signal.aborted) throw first;
    try {
      return await connect("::1", port, signal);
    } catch {
      throw first;
    }
  }
}

function connect(host: string, port: number, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const onAbort = () => socket.destroy(new Error("the call ended"));
    const onError = (err: Error) => {
      signal.removeEventListener("abort", onAbort);
      reject(err);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("error", onError);
    socket.once("connect", () => {
      signal.removeEventListener("abort", onAbort);
      socket.off("error", onError);
      resolve(socket);
    });
  });
}
