import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type SandboxUser, withRoot } from "../privileges.js";
import { Job } from "./job.js";

export interface JobTableOptions {
  user: SandboxUser;
  /** Root-owned, out of the sandbox user's reach: where the rings are kept. */
  dir: string;
  /** Jobs running at once, at most. */
  maxRunning: number;
  /** Jobs kept, ended ones included; the oldest ended one goes first. */
  maxKept: number;
  ringBytes: number;
}

export interface NewJob {
  cmd: string;
  cwd: string;
  exports: string;
  env: Record<string, string>;
}

export class JobLimitError extends Error {}

/** The runner's jobs, by id. */
export class JobTable {
  private readonly jobs = new Map<string, Job>();
  private next = 1;
  private madeDir = false;

  constructor(private readonly o: JobTableOptions) {}

  start(n: NewJob): Job {
    const running = [...this.jobs.values()].filter((j) => j.state.running).length;
    if (running >= this.o.maxRunning) {
      throw new JobLimitError(`${running} jobs are running, the most a session runs at once`);
    }
    this.evict();
    // Made with the first job: a session that never starts one has none.
    if (!this.madeDir) {
      withRoot(this.o.user, () => mkdirSync(this.o.dir, { recursive: true, mode: 0o700 }));
      this.madeDir = true;
    }
    const id = `j${this.next++}`;
    const job = new Job({
      ...n,
      id,
      user: this.o.user,
      ringPath: join(this.o.dir, `${id}.out`),
      ringBytes: this.o.ringBytes,
    });
    this.jobs.set(id, job);
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  list(): Job[] {
    return [...this.jobs.values()];
  }

  close(): void {
    for (const job of this.jobs.values()) job.dispose();
    this.jobs.clear();
  }

  private evict(): void {
    while (this.jobs.size >= this.o.maxKept) {
      const oldest = [...this.jobs.values()].find((j) => !j.state.running);
      if (!oldest) return;
      oldest.dispose();
      this.jobs.delete(oldest.id);
    }
  }
}
