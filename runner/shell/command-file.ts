import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  writeSync,
} from "node:fs";
import { basename, dirname } from "node:path";

const { O_CREAT, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY } = constants;

/**
 * The one file each command is written to for bash to read (bash-loop.ts),
 * kept open from one command to the next. The directory it lives in is the
 * sandbox user's to delete, or to replace by a link, between commands, and
 * the runner writes with that user's effective uid, so it never writes
 * through a path: it opens the directory without following a link, the file
 * inside that directory's descriptor (/proc/self/fd/<dir>/<name>) without
 * following a link and without waiting on a planted FIFO, and from then on
 * writes through the file's own descriptor. Before each command it checks
 * that the path bash reads still leads to that file, and makes the file
 * afresh when it doesn't.
 */
export class CommandFile {
  private fd: number | undefined;
  private ino = 0;
  private dev = 0;

  constructor(readonly path: string) {}

  write(text: string): void {
    const data = Buffer.from(text, "utf8");
    const fd = this.current() ?? this.open();
    writeSync(fd, data, 0, data.length, 0);
    ftruncateSync(fd, data.length);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The open file, if the path still leads to it and its owner can read it. */
  private current(): number | undefined {
    if (this.fd === undefined) return undefined;
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(this.path, { throwIfNoEntry: false });
    } catch {
      st = undefined; // EACCES: a directory on the way was made unreadable.
    }
    if (st?.ino === this.ino && st.dev === this.dev && st.isFile() && (st.mode & 0o600) === 0o600)
      return this.fd;
    this.close();
    return undefined;
  }

  private open(): number {
    const dir = openDirectory(dirname(this.path));
    try {
      const fd = openFileIn(dir, basename(this.path));
      const st = fstatSync(fd);
      this.fd = fd;
      this.ino = st.ino;
      this.dev = st.dev;
      return fd;
    } finally {
      closeSync(dir);
    }
  }
}

/** The directory at `path`, made if missing; whatever else is there is moved aside first. */
function openDirectory(path: string): number {
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    try {
      const fd = openSync(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      // The sandbox user's, as the runner is: make sure it may create and read in it.
      chmodQuietly(fd, 0o700);
      return fd;
    } catch (err) {
      // ELOOP or ENOTDIR: a link or a file; EACCES: a directory made unreadable.
      if (attempt > 0) throw err;
    }
    // Renaming moves the entry itself (a link stays a link, to nothing of ours).
    renameSync(path, aside(path));
  }
}

/** A free name next to `path` for something in the way. */
function aside(path: string): string {
  return `${path}.${process.pid}.${Date.now()}`;
}

/** A regular file `name` in the directory `dir`; whatever else is there is moved aside. */
function openFileIn(dir: number, name: string): number {
  const path = `/proc/self/fd/${dir}/${name}`;
  for (let attempt = 0; ; attempt++) {
    let fd: number | undefined;
    try {
      fd = openSync(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o600);
      const st = fstatSync(fd);
      if (st.isFile() && st.nlink === 1) {
        chmodQuietly(fd, 0o600);
        return fd;
      }
      closeSync(fd);
      fd = undefined;
      if (attempt > 0) throw new Error(`${name} in the scratch directory is not a plain file`);
    } catch (err) {
      if (fd !== undefined) closeSync(fd);
      if (attempt > 0) throw err;
    }
    // A link, a FIFO, a directory, a file made unwritable or a hard link of
    // something else: out of the way, under a name of its own.
    renameSync(path, aside(path));
  }
}

/** Sets the mode where the runner may (it owns the entry); elsewhere the next step fails clearly. */
function chmodQuietly(fd: number, mode: number): void {
  try {
    fchmodSync(fd, mode);
  } catch {
    // Not ours: opening or reading fails next, and says why.
  }
}
