import { connectUnixSocketSafely } from "./safe-socket.js";

const PROBE_TIMEOUT_MS = 1000;

/**
 * Whether something still listens on a runner's socket. A runner killed
 * outright leaves its socket file behind, but connecting to it is refused.
 * No answer in time counts as listening: only a clear refusal is a death.
 */
export function socketListens(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    let socket: ReturnType<typeof connectUnixSocketSafely>;
    try {
      socket = connectUnixSocketSafely(path);
    } catch {
      resolve(false);
      return;
    }
    const done = (listens: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(listens);
    };
    const timer = setTimeout(() => done(true), PROBE_TIMEOUT_MS);
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
