import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PersistentShell, type ShellEvent } from "../../runner/shell/persistent-shell.js";
import { STATEFUL_BASH } from "../../runner/shell/shell-mode.js";

/**
 * Where a command's output ends, on a real bash: the runner reads the pipes
 * empty after the command's status, or, when it can't (its reader is
 * behind and the pipes are paused), has bash print a marker after the
 * command and reads up to it. Either way the command gets exactly its own
 * bytes and the next one none of them.
 */
describe("PersistentShell: a command's output ends with it", () => {
  let scratch: string;
  let shell: PersistentShell;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "sk-shell-output-"));
    shell = new PersistentShell({
      user: { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 },
      mode: STATEFUL_BASH,
      env: { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8" },
      cwd: scratch,
      scratchDir: join(scratch, ".sandkasten"),
    });
  });

  afterAll(() => {
    shell.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const run = (cmd: string) => shell.run({ cmd, timeoutMs: 20_000, combine: false });

  async function collect(events: AsyncIterable<ShellEvent>) {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let exitCode: number | undefined;
    for await (const e of events) {
      if (e.kind === "output") (e.stream === "stdout" ? out : err).push(...e.data);
      if (e.kind === "ended") exitCode = e.exitCode;
    }
    return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode };
  }

  test("quick commands: each gets exactly its own last bytes", async () => {
    for (let i = 0; i < 200; i++) {
      const r = await collect(run(`printf 'out-${i}'; printf 'err-${i}' >&2`));
      expect(r.stdout.toString()).toBe(`out-${i}`);
      expect(r.stderr.toString()).toBe(`err-${i}`);
      expect(r.exitCode).toBe(0);
    }
  });

  test("a reader behind when the command ends: the end still arrives whole", async () => {
    // A little more than the runner queues before it pauses the pipes (1 MiB):
    // the command has written everything and ended while its output waits.
    const size = 1_100_000;
    const events = run(`head -c ${size} /dev/zero; printf TAIL; printf ERR >&2`);
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.kind).toBe("started");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const r = await collect({ [Symbol.asyncIterator]: () => iterator });
    expect(r.stdout.length).toBe(size + 4);
    expect(r.stdout.subarray(-4).toString()).toBe("TAIL");
    expect(r.stderr.toString()).toBe("ERR");
    const next = await collect(run("printf next"));
    expect(next.stdout.toString()).toBe("next");
    expect(next.stderr.length).toBe(0);
  });
});
