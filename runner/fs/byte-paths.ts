import { isUtf8 } from "node:buffer";
import { posix } from "node:path";

// Paths as the kernel sees them: bytes, which need not be valid UTF-8.
// node:fs takes and gives Buffers; for lexical work (resolve, dirname,
// join) a Buffer is read as a latin1 string, one character per byte, which
// posix.* handles exactly, since it only looks at "/" and ".".

const binary = (p: Buffer): string => p.toString("latin1");
const bytes = (s: string): Buffer => Buffer.from(s, "latin1");

export function resolveBytes(base: Buffer, path: Buffer): Buffer {
  return bytes(posix.resolve(binary(base), binary(path)));
}

export function dirnameBytes(path: Buffer): Buffer {
  return bytes(posix.dirname(binary(path)));
}

export function basenameBytes(path: Buffer): Buffer {
  return bytes(posix.basename(binary(path)));
}

export function joinBytes(dir: Buffer, name: Buffer | string): Buffer {
  return bytes(posix.join(binary(dir), typeof name === "string" ? name : binary(name)));
}

/** True when `path` is `dir` or lies below it (both absolute and normalized). */
export function isWithin(path: Buffer, dir: Buffer): boolean {
  const p = binary(path);
  const d = binary(dir);
  return p === d || p.startsWith(d === "/" ? "/" : `${d}/`);
}

/** How a path is shown to people: UTF-8, with U+FFFD for bytes that are not. */
export function shown(path: Buffer): string {
  return path.toString("utf8");
}

/** The exact bytes, when the text form of `path` loses some; else empty. */
export function exactBytesIfNotUtf8(path: Buffer): Uint8Array {
  return isUtf8(path) ? new Uint8Array() : new Uint8Array(path);
}
