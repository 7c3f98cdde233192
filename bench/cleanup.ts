import { docker } from "./bare-docker.js";

type Task = () => Promise<unknown>;

/**
 * What the benchmark must undo, whatever happens: tasks run last-in first-out
 * at the end, after a failure, or on Ctrl-C; each is tried even when an
 * earlier one failed.
 */
export class Cleanup {
  private readonly tasks: { name: string; task: Task }[] = [];
  private running: Promise<void> | undefined;

  add(name: string, task: Task): () => void {
    const entry = { name, task };
    this.tasks.push(entry);
    return () => {
      const at = this.tasks.indexOf(entry);
      if (at >= 0) this.tasks.splice(at, 1);
    };
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.tasks.length > 0) {
        const { name, task } = this.tasks.pop() as { name: string; task: Task };
        try {
          await task();
        } catch (err) {
          console.error(`clean-up: ${name}: ${(err as Error).message}`);
        }
      }
    })();
    return this.running;
  }

  /** Ctrl-C and SIGTERM clean up before the process ends. */
  onSignals(): void {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        console.error(`\n${signal}: cleaning up`);
        void this.run().finally(() => process.exit(130));
      });
    }
  }
}

/** Removes every container and volume labelled with this instance (what a crash may leave). */
export async function removeLabelled(instance: string): Promise<number> {
  const filters = { label: [`sandkasten.instance=${instance}`] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })),
  );
  const { Volumes } = await docker.listVolumes({ filters });
  await Promise.all((Volumes ?? []).map((v) => docker.getVolume(v.Name).remove({ force: true })));
  return containers.length + (Volumes ?? []).length;
}
