import type { Api } from "./api.js";
import { call } from "./calls.js";
import { execResult, sessionInfo, sessionStats } from "./convert.js";
import { NotFoundError } from "./errors.js";
import { execStream } from "./exec-stream.js";
import type { ReadOptions, WriteOptions } from "./file-api.js";
import { SessionFiles } from "./files.js";
import { SessionJobs } from "./jobs.js";
import { type OpenPtyOptions, Pty } from "./pty.js";
import type {
  CallOptions,
  ExecEvent,
  ExecOptions,
  ExecResult,
  ExecStreamOptions,
  FileData,
  FileEntry,
  SessionInfo,
  SessionStats,
  WrittenFile,
} from "./types.js";
import { type WatchEvent, type WatchOptions, watchFiles } from "./watch.js";

/**
 * One sandbox: a container with a persistent bash. Commands share the shell's
 * state (cwd, exported variables). `await using` destroys it at scope end.
 */
export class Session implements AsyncDisposable {
  readonly id: string;
  /** What the daemon last said about the session (refresh() updates it). */
  info: SessionInfo;
  /** Commands running beside the shell: start, list, attach, stdin, signals. */
  readonly jobs: SessionJobs;
  private readonly files: SessionFiles;

  /** Made by SandboxClient.createSession() and getSession(). */
  constructor(
    private readonly api: Api,
    info: SessionInfo,
  ) {
    this.id = info.id;
    this.info = info;
    this.files = new SessionFiles(api, info.id);
    this.jobs = new SessionJobs(api, info.id);
  }

  /**
   * Runs a command to its end; a non-zero exit or a timeout is in the result,
   * not thrown. With `background`, or `onTimeout: "detach"` past its timeout,
   * it answers while the command runs on as the job `jobId`.
   */
  async exec(cmd: string, options: ExecOptions = {}): Promise<ExecResult> {
    const request = {
      sessionId: this.id,
      cmd,
      timeoutMs: options.timeoutMs ?? 0,
      rawOutput: options.rawOutput ?? false,
      background: options.background ?? false,
      onTimeout: options.onTimeout ?? "",
    };
    return execResult(await call(options, (o) => this.api.exec.exec(request, o)));
  }

  /** Runs a command and yields stdout/stderr as produced, then one exit event. */
  execStream(cmd: string, options: ExecStreamOptions = {}): AsyncGenerator<ExecEvent> {
    return execStream(this.api, this.id, cmd, options);
  }

  /** Creates or replaces a file (up to 16 MiB), creating parent directories. */
  write(path: string, content: string | Uint8Array, options?: WriteOptions): Promise<WrittenFile> {
    return this.files.write(path, content, options);
  }

  /** A file's bytes (up to 16 MiB; larger files: download()). */
  read(path: string, options?: ReadOptions): Promise<Uint8Array> {
    return this.files.read(path, options);
  }

  /** A file's content as UTF-8 text. */
  readText(path: string, options?: ReadOptions): Promise<string> {
    return this.files.readText(path, options);
  }

  /** A directory's entries; default /workspace. */
  list(path?: string, options?: CallOptions): Promise<FileEntry[]> {
    return this.files.list(path, options);
  }

  stat(path: string, options?: CallOptions): Promise<FileEntry> {
    return this.files.stat(path, options);
  }

  remove(path: string, options?: CallOptions & { recursive?: boolean }): Promise<void> {
    return this.files.remove(path, options);
  }

  /** Creates a directory and returns its absolute path. */
  mkdir(path: string, options?: CallOptions & { parents?: boolean }): Promise<string> {
    return this.files.mkdir(path, options);
  }

  /** Streams a file in, of any size: whole bytes, or chunks as they come. */
  upload(path: string, data: FileData, options?: CallOptions): Promise<WrittenFile> {
    return this.files.upload(path, data, options);
  }

  /** A whole file, of any size, streamed in chunks and joined. */
  download(path: string, options?: CallOptions): Promise<Uint8Array> {
    return this.files.download(path, options);
  }

  /** A file's chunks as they arrive, without holding it whole. */
  downloadStream(path: string, options?: CallOptions): AsyncIterable<Uint8Array> {
    return this.files.downloadStream(path, options);
  }

  /**
   * File events under `path` (default /workspace) as they happen: `ready`
   * first, then created, modified, deleted, renamed (and `overflow` when some
   * were dropped). Break out of the loop, or abort options.signal, to stop.
   */
  watch(path = "", options: WatchOptions = {}): AsyncGenerator<WatchEvent> {
    return watchFiles(this.api, this.id, path, options);
  }

  /** Opens an interactive terminal (a real PTY) beside the persistent shell. */
  openPty(options?: OpenPtyOptions): Promise<Pty> {
    return Pty.open(this.api, this.id, options);
  }

  /** Asks the daemon for the session's current state. */
  async refresh(options: CallOptions = {}): Promise<SessionInfo> {
    const r = await call(options, (o) => this.api.sessions.getSession({ id: this.id }, o));
    this.info = sessionInfo(r.session);
    return this.info;
  }

  /** Moves the expiry to now + ttlSeconds (default: the daemon's session TTL). */
  async extend(ttlSeconds = 0, options: CallOptions = {}): Promise<SessionInfo> {
    const request = { id: this.id, ttlSeconds };
    const r = await call(options, (o) => this.api.sessions.extendSession(request, o));
    this.info = sessionInfo(r.session);
    return this.info;
  }

  /** The container's memory and cpu use. */
  async stats(options: CallOptions = {}): Promise<SessionStats> {
    const request = { id: this.id };
    return sessionStats(await call(options, (o) => this.api.sessions.getSessionStats(request, o)));
  }

  /** Removes the container; a session that is already gone is not an error. */
  async destroy(options: CallOptions = {}): Promise<void> {
    try {
      await call(options, (o) => this.api.sessions.destroySession({ id: this.id }, o));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}
