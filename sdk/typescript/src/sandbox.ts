import { SandkastenError } from "./errors.js";
import type { Session } from "./session.js";
import type { CallOptions, WrittenFile } from "./types.js";

export interface SandboxExecOptions extends CallOptions {
  /** Start the command and return at once; it keeps running in the sandbox. */
  background?: boolean;
  /** Stop the command after this long; default: the daemon's maximum. */
  timeoutMs?: number;
}

export interface SandboxExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The shell's working directory afterwards. */
  cwd: string;
  durationMs: number;
  /** The command ran past timeoutMs and was stopped. */
  timedOut: boolean;
  /** A background command's process id (in the sandbox). */
  pid?: number;
}

/** A sandbox's files; relative paths are relative to /workspace. */
export interface SandboxFiles {
  write(path: string, content: string | Uint8Array, options?: CallOptions): Promise<WrittenFile>;
  /** A file's content as text. */
  read(path: string, options?: CallOptions): Promise<string>;
}

const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * A sandbox as the peer product's SDK shapes it (client.sandboxes.create()),
 * over one of our sessions: `session` is the whole of ours.
 */
export class Sandbox {
  readonly id: string;
  readonly files: SandboxFiles;
  private nextCwd: string | undefined;

  constructor(readonly session: Session) {
    this.id = session.id;
    this.files = {
      write: (path, content, options) => session.write(path, content, options),
      read: (path, options) => session.readText(path, options),
    };
  }

  /**
   * Moves the shell to `path` before the next command. The shell is
   * persistent: the directory stays until another cwd() or a `cd`.
   */
  cwd(path: string): this {
    this.nextCwd = path;
    return this;
  }

  /** Runs a command to its end, stdout and stderr apart; a non-zero exit is in the result. */
  async exec(cmd: string, options: SandboxExecOptions = {}): Promise<SandboxExecResult> {
    await this.enterCwd(options);
    if (options.background) return this.launch(cmd, options);
    const result: SandboxExecResult = {
      stdout: "",
      stderr: "",
      exitCode: -1,
      cwd: "",
      durationMs: 0,
      timedOut: false,
    };
    for await (const event of this.session.execStream(cmd, options)) {
      if (event.type === "exit") {
        Object.assign(result, {
          exitCode: event.exitCode,
          cwd: event.cwd,
          durationMs: event.durationMs,
          timedOut: event.timedOut,
        });
      } else {
        result[event.type] += event.data;
      }
    }
    return result;
  }

  /** Destroys the sandbox; its volume (the workspace) stays. */
  kill(options?: CallOptions): Promise<void> {
    return this.session.destroy(options);
  }

  private async enterCwd(options: CallOptions): Promise<void> {
    const path = this.nextCwd;
    if (path === undefined) return;
    this.nextCwd = undefined;
    const r = await this.session.exec(`cd -- ${quoted(path)}`, { signal: options.signal });
    if (r.exitCode !== 0) {
      throw new SandkastenError(
        `cwd ${path}: ${r.output.trim() || "cannot enter"}`,
        "failed_precondition",
      );
    }
  }

  /** Starts `cmd` in the background, detached from the exec's output, and returns its pid. */
  private async launch(cmd: string, options: SandboxExecOptions): Promise<SandboxExecResult> {
    const r = await this.session.exec(`( ${cmd}\n) </dev/null >/dev/null 2>&1 &\necho $!`, {
      signal: options.signal,
    });
    const pid = Number.parseInt(r.output, 10);
    return {
      stdout: "",
      stderr: r.exitCode === 0 ? "" : r.output,
      exitCode: r.exitCode,
      cwd: r.cwd,
      durationMs: r.durationMs,
      timedOut: r.timedOut,
      ...(Number.isNaN(pid) ? {} : { pid }),
    };
  }
}
