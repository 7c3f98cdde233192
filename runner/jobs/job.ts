import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { constants } from "node:os";
import { type SandboxUser, withRoot } from "../privileges.js";
import { preferForOomKill } from "../shell/shell-process.js";
import { OutputRing } from "./output-ring.js";

/** How long after the job's exit its output may still arrive (a child holding the pipe). */
const DRAIN_AFTER_EXIT_MS = 250;

// stderr joins stdout, so that one ring keeps them in order; then the
// shell's exports and directory, then the command, as the shell would run it.
const PRELUDE = [
  "exec 2>&1",
  'eval "$__SK_EXPORTS" 2>/dev/null',
  "unset __SK_EXPORTS",
  'cd -- "$__SK_CWD" || exit 1',
  "unset __SK_CWD",
  '__sk_cmd=$1; shift; eval "$__sk_cmd"',
].join("\n");

export interface JobStart {
  id: string;
  cmd: string;
  cwd: string;
  exports: string;
  env: Record<string, string>;
  user: SandboxUser;
  ringPath: string;
  ringBytes: number;
}

export interface JobState {
  id: string;
  cmd: string;
  cwd: string;
  running: boolean;
  exitCode: number;
  signal: string;
  startedAt: number;
  endedAt: number;
  outputBytes: number;
  droppedBytes: number;
}

/** One job: a bash beside the session's shell, its own process group, its output in a ring. */
export class Job {
  readonly ring: OutputRing;
  /** "output" when bytes were kept, "ended" once. */
  readonly events = new EventEmitter();
  private readonly child: ChildProcess;
  private readonly startedAt = Date.now();
  private endedAt = 0;
  private exitCode = 0;
  private signal = "";
  private running = true;

  constructor(private readonly s: JobStart) {
    this.events.setMaxListeners(64);
    this.ring = withRoot(s.user, () => new OutputRing(s.ringPath, s.ringBytes));
    this.child = withRoot(s.user, () =>
      spawn("/bin/bash", ["--noprofile", "--norc", "-c", PRELUDE, "bash", s.cmd], {
        cwd: "/",
        env: { ...s.env, __SK_CWD: s.cwd, __SK_EXPORTS: s.exports },
        uid: s.user.uid,
        gid: s.user.gid,
        detached: true,
        stdio: ["pipe", "pipe", "ignore"],
      }),
    );
    this.child.on("error", () => this.ended(127, null));
    if (this.child.pid !== undefined) preferForOomKill(this.child.pid);
    const stdout = this.child.stdout;
    this.child.stdin?.on("error", () => {});
    stdout?.on("error", () => {});
    stdout?.on("data", (chunk: Buffer) => {
      this.ring.write(chunk);
      this.events.emit("output");
    });
    let drained = false;
    stdout?.once("close", () => {
      drained = true;
    });
    this.child.once("exit", (code, signal) => {
      const end = () => this.ended(code, signal);
      if (drained || !stdout) end();
      else {
        const timer = setTimeout(end, DRAIN_AFTER_EXIT_MS);
        stdout.once("close", () => {
          clearTimeout(timer);
          end();
        });
      }
    });
  }

  get id(): string {
    return this.s.id;
  }

  get state(): JobState {
    return {
      id: this.s.id,
      cmd: this.s.cmd,
      cwd: this.s.cwd,
      running: this.running,
      exitCode: this.exitCode,
      signal: this.signal,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      outputBytes: this.ring.written,
      droppedBytes: this.ring.oldest,
    };
  }

  /** Writes to the job's stdin (false: its stdin is closed or it ended). */
  async writeStdin(data: Buffer, close: boolean): Promise<boolean> {
    const stdin = this.child.stdin;
    if (!this.running || !stdin || stdin.writableEnded) return false;
    if (data.length > 0 && !stdin.write(data)) {
      await new Promise<void>((resolve) => {
        stdin.once("drain", resolve);
        stdin.once("close", resolve);
      });
    }
    if (close) stdin.end();
    return true;
  }

  /** Signals its process group (false: it ended). */
  kill(signal: NodeJS.Signals): boolean {
    const pid = this.child.pid;
    if (!this.running || pid === undefined) return false;
    try {
      process.kill(-pid, signal);
    } catch {
      return false;
    }
    return true;
  }

  /** Stops it (the runner is going away, or the job is evicted). */
  dispose(): void {
    this.kill("SIGKILL");
    this.ring.close();
  }

  private ended(code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.running) return;
    this.running = false;
    this.endedAt = Date.now();
    this.signal = signal ?? "";
    this.exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
    this.events.emit("ended");
  }
}
