import { MarkerScanner } from "./marker-scanner.js";
import { OutputChannel } from "./output-channel.js";
import type { ShellStatus } from "./shell-process.js";

export type ShellEvent =
  | { kind: "started"; at: number }
  /** Output as read from a pipe, in one or more chunks (a backlog leaves as one event). */
  | { kind: "output"; stream: "stdout" | "stderr"; data: readonly Buffer[] }
  | { kind: "keepalive" }
  | {
      kind: "ended";
      exitCode: number;
      cwd: string;
      durationMs: number;
      timedOut: boolean;
      canceled: boolean;
      shellRestarted: boolean;
    };

/** Largest output message a backlog is joined into. */
const JOIN_LIMIT = 1024 * 1024;

function sameStream(a: ShellEvent, b: ShellEvent): boolean {
  return a.kind === "output" && b.kind === "output" && a.stream === b.stream;
}

/** A run of output events as one, without copying their bytes. */
function joinOutput(events: ShellEvent[]): ShellEvent {
  const first = events[0] as Extract<ShellEvent, { kind: "output" }>;
  const data: Buffer[] = [];
  for (const e of events) data.push(...(e as Extract<ShellEvent, { kind: "output" }>).data);
  return { kind: "output", stream: first.stream, data };
}

/** The state of one command between RUN and its end. */
export class CommandRun {
  readonly out = new MarkerScanner();
  readonly err = new MarkerScanner();
  readonly channel: OutputChannel<ShellEvent>;
  readonly startedAt = Date.now();
  status: ShellStatus | undefined;
  timedOut = false;
  canceled = false;
  shellDied = false;
  exitCodeOnDeath: number | undefined;
  finished = false;
  lastActivity = Date.now();
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly id: string,
    readonly shellPid: number,
    readonly before: ReadonlySet<number>,
    highWater: number,
    pause: () => void,
    readonly resumeSources: () => void,
  ) {
    this.channel = new OutputChannel(
      highWater,
      pause,
      resumeSources,
      sameStream,
      joinOutput,
      JOIN_LIMIT,
    );
  }

  output(stream: "stdout" | "stderr", data: Buffer): void {
    this.lastActivity = Date.now();
    if (data.length > 0) this.channel.push({ kind: "output", stream, data: [data] }, data.length);
  }

  get markersSeen(): boolean {
    return this.out.found && this.err.found;
  }

  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
