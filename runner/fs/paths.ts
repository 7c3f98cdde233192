import { mkdirSync, readlinkSync, realpathSync, statSync } from "node:fs";
import {
  basenameBytes,
  dirnameBytes,
  isWithin,
  joinBytes,
  resolveBytes,
  shown,
} from "./byte-paths.js";
import { errnoError, errnoOf, invalidArgument } from "./errors.js";

const MAX_SYMLINK_HOPS = 40;

/** A path in a request: text, or raw bytes for names that are not UTF-8. */
export interface RequestPath {
  path: string;
  pathBytes: Uint8Array;
}

/**
 * Turns a client path into a normalized absolute path: relative paths resolve
 * against the workspace, `..` is resolved lexically. An empty path is the
 * workspace itself only where `allowEmpty` says so.
 */
export function resolvePath(workspaceDir: string, req: RequestPath, allowEmpty = false): Buffer {
  if (req.path !== "" && req.pathBytes.length > 0) {
    throw invalidArgument("give path or path_bytes, not both");
  }
  const raw = req.pathBytes.length > 0 ? Buffer.from(req.pathBytes) : Buffer.from(req.path);
  if (raw.includes(0)) {
    throw invalidArgument(`path contains a NUL byte: ${JSON.stringify(shown(raw))}`);
  }
  if (raw.length === 0 && !allowEmpty) {
    throw invalidArgument("path is empty");
  }
  return resolveBytes(Buffer.from(workspaceDir), raw);
}

/** True when removing `path` would remove `dir` itself or one of its ancestors. */
export function containsOrIs(path: Buffer, dir: Buffer): boolean {
  return isWithin(dir, path);
}

/**
 * The file a write to `path` lands on: symlinks are followed like open(2)
 * would, including a dangling final link, whose target gets created, and
 * links among the parents that exist, for a file whose parents are still
 * to be made. (realpathSync.native, because the JavaScript realpathSync
 * loses bytes that are not UTF-8.)
 */
export function followSymlinks(path: Buffer): Buffer {
  try {
    return realpathSync.native(path, { encoding: "buffer" });
  } catch (err) {
    if (errnoOf(err) !== "ENOENT") {
      throw err;
    }
  }
  let current = path;
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    let target: Buffer;
    try {
      target = readlinkSync(current, { encoding: "buffer" });
    } catch (err) {
      const code = errnoOf(err);
      if (code === "EINVAL") {
        return current;
      }
      if (code === "ENOENT") {
        return joinBytes(existingAncestorResolved(dirnameBytes(current)), basenameBytes(current));
      }
      throw err;
    }
    current = resolveBytes(dirnameBytes(current), target);
  }
  throw errnoError("ELOOP");
}

/** `dir` with the links of its longest existing prefix resolved. */
function existingAncestorResolved(dir: Buffer): Buffer {
  try {
    return realpathSync.native(dir, { encoding: "buffer" });
  } catch (err) {
    const parent = dirnameBytes(dir);
    if (errnoOf(err) !== "ENOENT" || parent.equals(dir)) {
      throw err;
    }
    return joinBytes(existingAncestorResolved(parent), basenameBytes(dir));
  }
}

/**
 * mkdir -p: creates `path` and its missing parents. Unlike
 * mkdirSync({recursive: true}), which reports ENOENT for a parent it could
 * not make (a read-only file system, say), the real error comes out. A
 * link in the way that leads nowhere is ENOENT, as open(2) would say.
 */
export function makeDirs(path: Buffer, mode: number): void {
  try {
    mkdirSync(path, { mode });
    return;
  } catch (err) {
    const code = errnoOf(err);
    if (code === "EEXIST") {
      requireDirectory(path, err);
      return;
    }
    const parent = dirnameBytes(path);
    if (code !== "ENOENT" || parent.equals(path)) {
      throw err;
    }
  }
  makeDirs(dirnameBytes(path), mode);
  try {
    mkdirSync(path, { mode });
  } catch (err) {
    if (errnoOf(err) !== "EEXIST") {
      throw err;
    }
    requireDirectory(path, err);
  }
}

/** After EEXIST: a directory (or a link to one) is fine; a file is `exists`. */
function requireDirectory(path: Buffer, exists: unknown): void {
  if (!statSync(path).isDirectory()) {
    throw exists;
  }
}
