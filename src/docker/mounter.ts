import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";

type Request =
  | { op: "share"; dir: string }
  | { op: "bind"; src: string; dir: string }
  | { op: "detach"; dir: string };

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * The host-side mounts of pool containers, done by native/mounter: one
 * process for the daemon's life, answering a request a line, so a take does
 * not start mount(8) (milliseconds, and a blocked event loop) each time.
 * Started on first use, again after it exits.
 */
export class Mounter {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: Pending[] = [];

  constructor(private readonly binary: string) {}

  /** Makes `dir` a shared bind mount of itself (binds onto it later reach containers). */
  share(dir: string): Promise<void> {
    return this.send({ op: "share", dir });
  }

  bind(src: string, dir: string): Promise<void> {
    return this.send({ op: "bind", src, dir });
  }

  /** Unmounts `dir` lazily (MNT_DETACH). */
  detach(dir: string): Promise<void> {
    return this.send({ op: "detach", dir });
  }

  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }

  private send(req: Request): Promise<void> {
    const child = this.child ?? this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      child.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(this.binary, [], { stdio: ["pipe", "pipe", "pipe"] });
    this.child = child;
    child.stdin.on("error", () => {});
    createInterface({ input: child.stdout }).on("line", (line) => {
      const waiting = this.pending.shift();
      if (!waiting) return;
      let answer: { ok?: boolean; error?: string };
      try {
        answer = JSON.parse(line) as { ok?: boolean; error?: string };
      } catch {
        answer = { error: `mounter answered ${JSON.stringify(line.slice(0, 100))}` };
      }
      if (answer.ok) waiting.resolve();
      else waiting.reject(new Error(answer.error ?? "mounter failed"));
    });
    const fail = (why: string) => {
      if (this.child === child) this.child = undefined;
      for (const waiting of this.pending.splice(0)) waiting.reject(new Error(why));
    };
    child.on("error", (err) => fail(`mounter: ${err.message}`));
    child.on("exit", (code, signal) => fail(`mounter exited (${signal ?? code})`));
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    return child;
  }
}
