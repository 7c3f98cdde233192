import { randomBytes } from "node:crypto";
import type { SandboxUser } from "../privileges.js";
import { CommandFile } from "./command-file.js";
import { CommandRun, type ShellEvent } from "./command-run.js";
import { childPids, killCommandTree } from "./process-tree.js";
import type { ShellMode } from "./shell-mode.js";
import { ShellProcess, type ShellStatus } from "./shell-process.js";
import { TurnQueue } from "./turn-queue.js";

export type { ShellEvent } from "./command-run.js";

export interface PersistentShellOptions {
  user: SandboxUser;
  /** Whether state carries over and which shell runs the commands (shell-mode.ts). */
  mode: ShellMode;
  env: Record<string, string>;
  cwd: string;
  /** Where the command file is written; recreated when a command removes it. */
  scratchDir: string;
  /** Queued output bytes above which the shell's pipes are paused. */
  highWater?: number;
  keepaliveMs?: number;
}

export interface RunOptions {
  cmd: string;
  /** Counts from the call, so time spent waiting for an earlier command counts too. */
  timeoutMs: number;
  combine: boolean;
  signal?: AbortSignal;
  /**
   * Run it in the session's bash itself, whatever the mode: the runner's own
   * set-up of the shell (a pool container taking a session's variables),
   * which in the stateless and sh modes must outlive the command.
   */
  ownShell?: boolean;
}

/** After a kill, how long bash gets to report before it is killed itself. */
const KILL_GRACE_MS = 2000;
/** After the status, how long silence may last before a lost marker is given up. */
const MARKER_PATIENCE_MS = 3000;
/** After bash died, how long to collect what is still in its pipes. */
const DEATH_DRAIN_MS = 100;
/** The exit code of a command stopped by its timeout (bash-loop.ts) and of one that never started. */
const STOPPED_EXIT_CODE = 130;

/**
 * One bash that lives as long as the session. Commands run one at a time,
 * in the order they came; `cd`, variables, functions and background jobs
 * carry over. A command that ends the shell gets a fresh one with the last
 * directory and exports. A waiting command's timeout runs while it waits: if
 * it runs out first, the command never starts and says so; if its client
 * goes away first, it never starts either. In the stateless and sh modes
 * (shell-mode.ts) the bash runs each command in a fresh shell of its own
 * instead; the queue, timeouts, output and restarts work the same.
 */
export class PersistentShell {
  private proc: ShellProcess;
  private current: CommandRun | undefined;
  private readonly queue = new TurnQueue();
  private cwd: string;
  private exports = "";
  private readonly highWater: number;
  private readonly keepaliveMs: number;
  private readonly commandFile: CommandFile;
  /** Numbers the commands, so a late status can't end a later one. */
  private lastId = 0;

  constructor(private readonly o: PersistentShellOptions) {
    this.commandFile = new CommandFile(`${o.scratchDir}/cmd`);
    this.cwd = o.cwd;
    this.highWater = o.highWater ?? 1024 * 1024;
    this.keepaliveMs = o.keepaliveMs ?? 15_000;
    this.proc = this.start();
  }

  get pid(): number {
    return this.proc.pid;
  }

  get workingDirectory(): string {
    return this.cwd;
  }

  /** `export -p` as the last command left it (bash source). */
  get exportedVariables(): string {
    return this.exports;
  }

  async *run(o: RunOptions): AsyncGenerator<ShellEvent> {
    const deadline = Date.now() + Math.max(1, o.timeoutMs);
    const turn = await this.queue.wait(o.signal, deadline);
    try {
      if (turn.outcome === "timed-out") yield* this.neverStarted(o.combine);
      if (turn.outcome !== "ready" || o.signal?.aborted) return;
      yield* this.execute({ ...o, timeoutMs: deadline - Date.now() });
    } finally {
      turn.release();
    }
  }

  close(): void {
    this.proc.kill();
    this.commandFile.close();
  }

  /** The answer of a command whose timeout ran out while it waited for its turn. */
  private *neverStarted(combine: boolean): Generator<ShellEvent> {
    yield { kind: "started", at: Date.now() };
    const note =
      "sandkasten: not started: the timeout ran out while an earlier command on this session was running\n";
    yield { kind: "output", stream: combine ? "stdout" : "stderr", data: [Buffer.from(note)] };
    yield {
      kind: "ended",
      exitCode: STOPPED_EXIT_CODE,
      cwd: this.cwd,
      durationMs: 0,
      timedOut: true,
      canceled: false,
      shellRestarted: false,
    };
  }

  private async *execute(o: RunOptions): AsyncGenerator<ShellEvent> {
    if (this.proc.exited) this.proc = this.start();
    const proc = this.proc;
    const id = (++this.lastId).toString(36);
    this.commandFile.write(o.cmd);
    const run = new CommandRun(
      id,
      proc.pid,
      // What runs before the command (background jobs) is not the command's to stop.
      new Set(childPids(proc.pid)),
      this.highWater,
      () => {
        proc.stdout.pause();
        proc.stderr.pause();
      },
      () => {
        proc.stdout.resume();
        proc.stderr.resume();
      },
    );
    this.current = run;
    const onAbort = () => this.interrupt(run, "cancel");
    o.signal?.addEventListener("abort", onAbort);
    run.later(Math.max(1, o.timeoutMs), () => this.interrupt(run, "timeout"));
    const keepalive = setInterval(() => {
      if (Date.now() - run.lastActivity >= this.keepaliveMs) {
        run.lastActivity = Date.now();
        run.channel.push({ kind: "keepalive" });
      }
    }, this.keepaliveMs);
    try {
      proc.run(id, o.combine, o.ownShell);
      yield { kind: "started", at: run.startedAt };
      yield* run.channel;
    } finally {
      clearInterval(keepalive);
      o.signal?.removeEventListener("abort", onAbort);
      if (!run.finished) {
        // The consumer went away mid-command: stop it and wait for the shell.
        this.interrupt(run, "cancel");
        for await (const _ of run.channel) {
          // drain until the command has ended
        }
      }
    }
  }

  private start(): ShellProcess {
    const proc: ShellProcess = new ShellProcess({
      user: this.o.user,
      mode: this.o.mode,
      cwd: this.cwd,
      env: this.o.env,
      restore: this.exports,
      commandFile: this.commandFile.path,
      onStdout: (chunk) => this.onOutput(proc, "stdout", chunk),
      onStderr: (chunk) => this.onOutput(proc, "stderr", chunk),
      onStatus: (status) => this.onStatus(proc, status),
      onExit: (code, signal) => this.onExit(proc, code, signal),
    });
    return proc;
  }

  private onOutput(proc: ShellProcess, stream: "stdout" | "stderr", chunk: Buffer): void {
    const run = this.current;
    // Output of background jobs while no command runs has nobody to go to.
    if (!run || run.finished || run.shellPid !== proc.pid) return;
    const scanner = stream === "stdout" ? run.out : run.err;
    run.output(stream, scanner.push(chunk));
    if (run.status && run.markersSeen) this.finish(run);
  }

  private onStatus(proc: ShellProcess, status: ShellStatus): void {
    const run = this.current;
    if (!run || run.finished || run.shellPid !== proc.pid || status.id !== run.id) return;
    if (run.status) return;
    run.status = status;
    if (status.cwd.startsWith("/")) this.cwd = status.cwd;
    this.exports = status.exports;
    // The command's foreground ended before bash wrote the status, so all it
    // wrote is in the pipes: read them empty and it is complete. Where that
    // can't be told (a paused stream), bash prints a marker after it instead.
    if (proc.takeRest("stdout") && proc.takeRest("stderr")) {
      this.finish(run);
      return;
    }
    const marker = `\u001eSK${randomBytes(16).toString("hex")}\u001e`;
    run.out.arm(Buffer.from(marker));
    run.err.arm(Buffer.from(marker));
    proc.mark(marker);
    this.awaitMarkers(run);
  }

  /** Gives up on markers a command's leftovers swallowed, but never while output still flows. */
  private awaitMarkers(run: CommandRun): void {
    run.later(MARKER_PATIENCE_MS, () => {
      if (run.finished) return;
      const quiet = Date.now() - run.lastActivity >= MARKER_PATIENCE_MS;
      if (quiet && !run.channel.isPaused) this.finish(run);
      else this.awaitMarkers(run);
    });
  }

  private onExit(proc: ShellProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (proc === this.proc) this.proc = this.start();
    const run = this.current;
    if (!run || run.finished || run.shellPid !== proc.pid) return;
    run.shellDied = true;
    run.out.disarm();
    run.err.disarm();
    run.exitCodeOnDeath = code ?? 128 + signalNumber(signal);
    run.later(DEATH_DRAIN_MS, () => this.finish(run));
  }

  private interrupt(run: CommandRun, why: "timeout" | "cancel"): void {
    if (run.finished || run.status || run.shellDied || run.timedOut || run.canceled) return;
    if (why === "timeout") run.timedOut = true;
    else run.canceled = true;
    if (this.proc.pid === run.shellPid) this.proc.interrupt();
    killCommandTree(run.shellPid, run.before);
    // A loop of builtins runs inside bash itself: only killing bash stops it.
    run.later(KILL_GRACE_MS, () => {
      if (run.finished || run.status || this.proc.pid !== run.shellPid) return;
      // Frozen, bash starts nothing more: what it started since the first
      // kill goes with it instead of living on as an orphan.
      this.proc.freeze();
      killCommandTree(run.shellPid, run.before);
      this.proc.kill();
    });
  }

  private finish(run: CommandRun): void {
    if (run.finished) return;
    run.finished = true;
    run.clearTimers();
    // Held bytes only looked like the start of a marker that never came.
    run.output("stdout", run.out.flush());
    run.output("stderr", run.err.flush());
    run.resumeSources();
    run.channel.push({
      kind: "ended",
      exitCode: run.status?.exitCode ?? run.exitCodeOnDeath ?? -1,
      cwd: this.cwd,
      durationMs: Date.now() - run.startedAt,
      timedOut: run.timedOut,
      canceled: run.canceled,
      shellRestarted: run.shellDied,
    });
    run.channel.close();
    if (this.current === run) this.current = undefined;
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2 };
  return signal ? (numbers[signal] ?? 0) : 0;
}
