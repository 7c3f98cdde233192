import { ConnectError } from "@connectrpc/connect";
import Docker from "dockerode";
import { expect } from "vitest";
import type { ExecEnded, ExecStreamResponse } from "../../gen/sandkasten/v1/exec_pb.js";
import { OutputStream } from "../../gen/sandkasten/v1/exec_pb.js";
import type { Clients } from "./clients.js";
import type { TestDaemon } from "./test-daemon.js";

/** One ExecStream event with the time (ms since the Unix epoch) it reached the test. */
export interface TimedEvent {
  at: number;
  event: ExecStreamResponse["event"];
}

export interface StreamResult {
  events: TimedEvent[];
  stdout: Buffer;
  stderr: Buffer;
  ended: ExecEnded | undefined;
}

export interface StreamOptions {
  timeoutMs?: number;
  combineOutput?: boolean;
  signal?: AbortSignal;
  /** Keep output bytes in the result (default true); off for huge outputs. */
  keep?: boolean;
  onOutput?: (stream: OutputStream, data: Uint8Array) => void;
}

/** Runs a command over ExecStream (gRPC) and records every event with its arrival time. */
export async function streamExec(
  api: Clients,
  sessionId: string,
  cmd: string,
  o: StreamOptions = {},
): Promise<StreamResult> {
  const events: TimedEvent[] = [];
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const keep = o.keep ?? true;
  const call = api.exec.execStream(
    { sessionId, cmd, timeoutMs: o.timeoutMs ?? 0, combineOutput: o.combineOutput ?? false },
    { signal: o.signal },
  );
  let ended: ExecEnded | undefined;
  for await (const response of call) {
    const event = response.event;
    if (event.case === "output") {
      o.onOutput?.(event.value.stream, event.value.data);
      if (!keep) continue;
      (event.value.stream === OutputStream.STDERR ? err : out).push(Buffer.from(event.value.data));
    }
    if (event.case === "ended") ended = event.value;
    events.push({ at: Date.now(), event });
  }
  return { events, stdout: Buffer.concat(out), stderr: Buffer.concat(err), ended };
}

/** The ConnectError a promise rejects with (fails when it resolves). */
export async function connectErrorOf(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (err) {
    return ConnectError.from(err);
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export interface SseEvent {
  at: number;
  event: string;
  data: Record<string, unknown>;
}

/** POSTs to a REST route of the test daemon with its API key. */
export function restPost(d: TestDaemon, path: string, body: unknown, signal?: AbortSignal) {
  return fetch(`${d.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${d.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

/**
 * Reads a server-sent events body event by event, recording arrival times.
 * `onEvent` returning true stops reading (and leaves the body unread).
 */
export async function readSse(
  res: Response,
  onEvent: (e: SseEvent) => boolean | undefined = () => undefined,
): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  if (!res.body) return events;
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of res.body) {
    buffered += decoder.decode(chunk, { stream: true });
    let cut = buffered.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffered.slice(0, cut);
      buffered = buffered.slice(cut + 2);
      cut = buffered.indexOf("\n\n");
      let name = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) name = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      if (data === "") continue; // a keepalive comment
      const e = { at: Date.now(), event: name, data: JSON.parse(data) as Record<string, unknown> };
      events.push(e);
      if (onEvent(e)) return events;
    }
  }
  return events;
}

const docker = new Docker({ socketPath: "/var/run/docker.sock" });

interface ContainerProcess {
  /** Host pid. */
  pid: number;
  cmd: string;
}

/** The processes of a container, as `docker top` lists them. */
export async function containerProcesses(containerId: string): Promise<ContainerProcess[]> {
  const top = (await docker.getContainer(containerId).top()) as {
    Titles: string[];
    Processes: string[][];
  };
  const pidAt = top.Titles.indexOf("PID");
  const cmdAt = top.Titles.indexOf("CMD");
  return top.Processes.map((p) => ({ pid: Number(p[pidAt]), cmd: p[cmdAt] ?? "" }));
}

const RUNNER_CMDLINE = "/opt/sandkasten/node /opt/sandkasten/runner.mjs";

/** The host pid of a session container's runner. */
export async function runnerHostPid(containerId: string): Promise<number> {
  const processes = await containerProcesses(containerId);
  const runner = processes.find((p) => p.cmd === RUNNER_CMDLINE);
  if (!runner)
    throw new Error(`no runner in container ${containerId}: ${JSON.stringify(processes)}`);
  return runner.pid;
}

/** Waits until the container runs a process with exactly this command line. */
export function waitForProcess(containerId: string, cmd: string, ms = 10_000): Promise<boolean> {
  return waitUntil(
    async () => (await containerProcesses(containerId)).some((p) => p.cmd === cmd),
    ms,
  );
}

/** Polls `check` until it returns true or `ms` passed; returns the last result. */
export async function waitUntil(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** What one step of a shell-robustness case returned, from Exec or ExecStream. */
export interface StepResult {
  /** Unary Exec's cleaned text, or ExecStream's stdout then stderr as UTF-8. */
  output: string;
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
  cwd: string;
  timedOut: boolean;
  shellRestarted: boolean;
  durationMs: number;
}

/** Runs one command with unary Exec, or with ExecStream when `stream` is set. */
export async function runStep(
  api: Clients,
  sessionId: string,
  cmd: string,
  o: { timeoutMs: number; stream?: boolean },
): Promise<StepResult> {
  if (o.stream) {
    const r = await streamExec(api, sessionId, cmd, { timeoutMs: o.timeoutMs });
    if (!r.ended) throw new Error("ExecStream ended without an ended event");
    return {
      output: r.stdout.toString() + r.stderr.toString(),
      stdout: r.stdout,
      stderr: r.stderr,
      exitCode: r.ended.exitCode,
      cwd: r.ended.cwd,
      timedOut: r.ended.timedOut,
      shellRestarted: r.ended.shellRestarted,
      durationMs: Number(r.ended.durationMs),
    };
  }
  const r = await api.exec.exec({ sessionId, cmd, timeoutMs: o.timeoutMs });
  return {
    output: r.output,
    stdout: Buffer.from(r.output),
    stderr: Buffer.alloc(0),
    exitCode: r.exitCode,
    cwd: r.cwd,
    timedOut: r.timedOut,
    shellRestarted: r.shellRestarted,
    durationMs: Number(r.durationMs),
  };
}

/** The state every shell-robustness case sets up first and checks after. */
export const STATE_DIR = "/tmp/state-dir";
const SETUP = `mkdir -p ${STATE_DIR} && cd ${STATE_DIR} && export SK_KEEP=kept-value && keepfn() { echo fn-alive; }`;
const CHECK = `builtin echo "$(builtin pwd)|$SK_KEEP"; keepfn 2>&1 || builtin echo "no keepfn"; builtin echo err-visible >&2`;

export interface ShellStep {
  cmd: string;
  /** Default 20 s: a hang shows as a timed-out answer, not a stuck test. */
  timeoutMs?: number;
  stream?: boolean;
  /** The step is meant to run into its timeout. */
  timesOut?: boolean;
  check?: (r: StepResult) => void;
}

export interface ShellCase {
  name: string;
  image?: "base" | "python";
  steps: (string | ShellStep)[];
  /** Whether some step ends the shell; "either" when both are fine. */
  restarts: boolean | "either";
  /** Replaces the standard check of the shell's state after the steps. */
  after?: (api: Clients, sessionId: string) => Promise<void>;
}

/**
 * One case: set up cwd, an exported variable and a function; run the steps,
 * each of which must answer; then the next command must find the shell alive
 * with its state: cwd and exports always, the function too unless the shell
 * had to restart.
 */
export async function runShellCase(api: Clients, c: ShellCase): Promise<void> {
  const { session } = await api.sessions.createSession({ image: c.image ?? "base" });
  const id = session?.id ?? "";
  try {
    const setup = await api.exec.exec({ sessionId: id, cmd: SETUP });
    expect(setup.exitCode, setup.output).toBe(0);
    let restarted = false;
    for (const raw of c.steps) {
      const step = typeof raw === "string" ? { cmd: raw } : raw;
      const r = await runStep(api, id, step.cmd, {
        timeoutMs: step.timeoutMs ?? 20_000,
        stream: step.stream,
      });
      const what = `${JSON.stringify(step.cmd)} → ${JSON.stringify({ ...r, stdout: undefined, stderr: undefined, output: r.output.slice(0, 2000) })}`;
      expect(r.timedOut, what).toBe(step.timesOut ?? false);
      step.check?.(r);
      restarted ||= r.shellRestarted;
    }
    if (c.restarts !== "either") expect(restarted, "shell_restarted by a step").toBe(c.restarts);
    if (c.after) {
      await c.after(api, id);
      return;
    }
    const next = await api.exec.exec({ sessionId: id, cmd: CHECK, timeoutMs: 20_000 });
    const what = JSON.stringify(next, (_key, v) => (typeof v === "bigint" ? Number(v) : v));
    expect(next.timedOut, what).toBe(false);
    expect(next.shellRestarted, what).toBe(false);
    expect(next.cwd, what).toBe(STATE_DIR);
    const lines = next.output.split("\n");
    expect(lines, what).toContain(`${STATE_DIR}|kept-value`);
    expect(lines, what).toContain("err-visible");
    if (!restarted) expect(lines, what).toContain("fn-alive");
  } finally {
    await api.sessions.destroySession({ id }).catch(() => {});
  }
}
