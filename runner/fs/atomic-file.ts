import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { Code, ConnectError } from "@connectrpc/connect";
import { dirnameBytes, joinBytes, shown } from "./byte-paths.js";
import { errnoError, errnoOf, failedPrecondition, resourceExhausted } from "./errors.js";
import { followSymlinks, makeDirs } from "./paths.js";
import { bytesAllowed, type WorkspaceRoom } from "./workspace-room.js";

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = constants;

/**
 * A file written under a temporary name in the target's directory and renamed
 * over the target on commit, so readers see the old file or the whole new one.
 * Every call is synchronous: see runner/fs/service.ts.
 */
export class AtomicFile {
  readonly #tempPath: Buffer;
  readonly #targetPath: Buffer;
  readonly #shownPath: string;
  readonly #limit: number | undefined;
  #fd: number | undefined;
  #state: "open" | "committed" | "discarded" = "open";
  #size = 0;

  private constructor(
    tempPath: Buffer,
    targetPath: Buffer,
    fd: number,
    shownPath: string,
    limit: number | undefined,
  ) {
    this.#tempPath = tempPath;
    this.#targetPath = targetPath;
    this.#fd = fd;
    this.#shownPath = shownPath;
    this.#limit = limit;
  }

  /**
   * Prepares a write to `path`: follows symlinks, creates missing parents
   * (0755), keeps an existing file's permission bits, else uses `newMode`.
   * A target inside the workspace may take only the room its quota leaves;
   * a write whose `size` is known up front is refused before anything is
   * made.
   */
  static create(path: Buffer, newMode: number, room?: WorkspaceRoom, size?: number): AtomicFile {
    const target = followSymlinks(path);
    const limit = room === undefined ? undefined : bytesAllowed(room, target);
    if (limit !== undefined && size !== undefined && size > limit) {
      throw tooLarge(shown(path), limit);
    }
    const existing = lstatOrUndefined(target);
    let mode = newMode & 0o7777;
    if (existing === undefined) {
      makeDirs(dirnameBytes(target), 0o755);
    } else if (existing.isDirectory()) {
      throw errnoError("EISDIR");
    } else if (!existing.isFile()) {
      throw failedPrecondition(`not a regular file: ${shown(path)}`);
    } else {
      // Replacing by rename only needs a writable directory; open(2) with
      // O_WRONLY makes the kernel check write permission on the file itself,
      // with our effective uid, as truncating it in place would.
      closeSync(openSync(target, O_WRONLY | O_NONBLOCK | O_NOCTTY));
      mode = existing.mode & 0o7777;
    }
    const tempPath = joinBytes(
      dirnameBytes(target),
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
    return new AtomicFile(tempPath, target, fd, shown(path), limit);
  }

  get size(): number {
    return this.#size;
  }

  write(data: Uint8Array): void {
    const fd = this.#openFd();
    if (this.#limit !== undefined && this.#size + data.length > this.#limit) {
      throw tooLarge(this.#shownPath, this.#limit);
    }
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

/** The workspace API's words for a write past the room left. */
function tooLarge(path: string, limit: number) {
  return resourceExhausted(`${JSON.stringify(path)}: more than the limit of ${limit} bytes`);
}

function lstatOrUndefined(path: Buffer) {
  try {
    return lstatSync(path);
  } catch (err) {
    if (errnoOf(err) === "ENOENT") {
      return undefined;
    }
    throw err;
  }
}
