import type { Stats } from "node:fs";
import { closeSync, constants, fstatSync, openSync } from "node:fs";
import { shown } from "./byte-paths.js";
import { failedPrecondition, toConnectError } from "./errors.js";

const { O_RDONLY, O_NONBLOCK, O_NOCTTY } = constants;

export interface ReadableFile {
  fd: number;
  stats: Stats;
}

/**
 * Opens `path` for reading, refusing directories, FIFOs and sockets.
 * O_NONBLOCK keeps a FIFO from blocking the event loop in open(2) before it
 * can be refused; O_NOCTTY keeps a terminal from becoming ours.
 */
export function openReadable(path: Buffer): ReadableFile {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  } catch (err) {
    throw toConnectError(err, path);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) {
      throw failedPrecondition(`is a directory: ${shown(path)}`);
    }
    if (stats.isFIFO() || stats.isSocket()) {
      throw failedPrecondition(`not a regular file: ${shown(path)}`);
    }
    return { fd, stats };
  } catch (err) {
    closeSync(fd);
    throw toConnectError(err, path);
  }
}
