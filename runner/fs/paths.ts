import { readlinkSync, realpathSync } from "node:fs";
import { posix } from "node:path";
import { errnoError, errnoOf, invalidArgument } from "./errors.js";

const MAX_SYMLINK_HOPS = 40;

/**
 * Turns a client path into a normalized absolute path: relative paths resolve
 * against the workspace, `..` is resolved lexically. An empty path is the
 * workspace itself only where `allowEmpty` says so.
 */
export function resolvePath(workspaceDir: string, raw: string, allowEmpty = false): string {
  if (raw.includes("\0")) {
    throw invalidArgument(`path contains a NUL byte: ${JSON.stringify(raw)}`);
  }
  if (raw === "" && !allowEmpty) {
    throw invalidArgument("path is empty");
  }
  return posix.resolve(workspaceDir, raw);
}

/** True when removing `path` would remove `dir` itself or one of its ancestors. */
export function containsOrIs(path: string, dir: string): boolean {
  return path === dir || path === "/" || dir.startsWith(`${path}/`);
}

/**
 * The file a write to `path` lands on: symlinks are followed like open(2)
 * would, including a dangling final link, whose target gets created.
 */
export function followSymlinks(path: string): string {
  try {
    return realpathSync(path);
  } catch (err) {
    if (errnoOf(err) !== "ENOENT") {
      throw err;
    }
  }
  let current = path;
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    let target: string;
    try {
      target = readlinkSync(current);
    } catch (err) {
      const code = errnoOf(err);
      if (code === "EINVAL" || code === "ENOENT") {
        return current;
      }
      throw err;
    }
    current = posix.resolve(posix.dirname(current), target);
  }
  throw errnoError("ELOOP");
}
