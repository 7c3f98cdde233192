import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { posix } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { errnoError, errnoOf, failedPrecondition } from "./errors.js";
import { followSymlinks } from "./paths.js";

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = constants;

/**
 * A file written under a temporary name in the target's directory and renamed
 * over the target on commit, so readers see the old file or the whole new one.
 * Every call is synchronous: see runner/fs/service.ts.
 */
export class AtomicFile {
  readonly #tempPath: string;
  readonly #targetPath: string;
  #fd: number | undefined;
  #state: "open" | "committed" | "discarded" = "open";
  #size = 0;

  private constructor(tempPath: string, targetPath: string, fd: number) {
    this.#tempPath = tempPath;
    this.#targetPath = targetPath;
    this.#fd = fd;
  }

  /**
   * Prepares a write to `path`: follows symlinks, creates missing parents
   * (0755), keeps an existing file's permission bits, else uses `newMode`.
   */
  static create(path: string, newMode: number): AtomicFile {
    const target = followSymlinks(path);
    const existing = lstatOrUndefined(target);
    let mode = newMode & 0o7777;
    if (existing === undefined) {
      mkdirSync(posix.dirname(target), { recursive: true, mode: 0o755 });
    } else if (existing.isDirectory()) {
      throw errnoError("EISDIR");
    } else if (!existing.isFile()) {
      throw failedPrecondition(`not a regular file: ${path}`);
    } else {
      // Replacing by rename only needs a writable directory; open(2) with
      // O_WRONLY makes the kernel check write permission on the file itself,
      // with our effective uid, as truncating it in place would.
      closeSync(openSync(target, O_WRONLY | O_NONBLOCK | O_NOCTTY));
      mode = existing.mode & 0o7777;
    }
    const tempPath = posix.join(
      posix.dirname(target),
      `.sandkasten-${randomBytes(8).toString("hex")}.tmp`,
    );
    const fd = openSync(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
      fchmodSync(fd, mode);
    } catch (err) {
      closeSync(fd);
      unlinkSync(tempPath);
      throw err;
    }
    return new AtomicFile(tempPath, target, fd);
  }

  get size(): number {
    return this.#size;
  }

  write(data: Uint8Array): void {
    const fd = this.#openFd();
    let offset = 0;
    while (offset < data.length) {
      offset += writeSync(fd, data, offset, data.length - offset);
    }
    this.#size += data.length;
  }

  commit(): void {
    const fd = this.#openFd();
    this.#fd = undefined;
    closeSync(fd);
    renameSync(this.#tempPath, this.#targetPath);
    this.#state = "committed";
  }

  /** Drops the temporary file; does nothing after commit or a previous discard. */
  discard(): void {
    if (this.#state !== "open") {
      return;
    }
    this.#state = "discarded";
    if (this.#fd !== undefined) {
      const fd = this.#fd;
      this.#fd = undefined;
      try {
        closeSync(fd);
      } catch {}
    }
    try {
      unlinkSync(this.#tempPath);
    } catch {}
  }

  #openFd(): number {
    if (this.#state !== "open" || this.#fd === undefined) {
      throw new ConnectError("the file write was abandoned", Code.Canceled);
    }
    return this.#fd;
  }
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (err) {
    if (errnoOf(err) === "ENOENT") {
      return undefined;
    }
    throw err;
  }
}
