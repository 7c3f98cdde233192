import { closeSync, constants, fstatSync, openSync } from "node:fs";
import net from "node:net";

const O_PATH = 0o10000000;

/**
 * Connects to a unix socket whose name the container controls without ever
 * following a link: the name is opened with O_PATH|O_NOFOLLOW, checked to be
 * a socket, and connected to through /proc/self/fd. A runner that replaced
 * its socket with a link to some host socket gets refused.
 */
export function connectUnixSocketSafely(path: string): net.Socket {
  const fd = openSync(path, O_PATH | constants.O_NOFOLLOW);
  try {
    if (!fstatSync(fd).isSocket()) throw new Error(`${path} is not a socket`);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  const socket = net.connect(`/proc/self/fd/${fd}`);
  const release = () => {
    socket.off("connect", release);
    socket.off("error", release);
    closeSync(fd);
  };
  socket.once("connect", release);
  socket.once("error", release);
  return socket;
}
