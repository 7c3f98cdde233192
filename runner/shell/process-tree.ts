import { closeSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";

/** Parent pid of every process visible in /proc. */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
      // The command name may hold spaces and parentheses: fields start after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(pid, Number(fields[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  return parents;
}

function childrenOf(parents: Map<number, number>): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  return children;
}

/**
 * The children of `pid` now: the kernel's list of them (one small read, where
 * a scan of /proc reads a file per process), or that scan where the kernel
 * keeps no such list. For a single-threaded process at rest, such as bash
 * between two commands, the list is complete.
 */
export function childPids(pid: number): number[] {
  let text = "";
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/task/${pid}/children`, "r");
    for (;;) {
      const n = readSync(fd, childrenBuffer, 0, childrenBuffer.length, null);
      if (n === 0) break;
      text += childrenBuffer.toString("latin1", 0, n);
    }
  } catch {
    return childrenOf(parentMap()).get(pid) ?? [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const pids: number[] = [];
  for (const word of text.split(" ")) if (word !== "") pids.push(Number(word));
  return pids;
}

const childrenBuffer = Buffer.allocUnsafe(4096);

/**
 * Descendants of `root`, not descending into the subtrees of `skip`: the
 * background jobs that existed before a command started (bash's children
 * then), and so their children too.
 */
export function descendants(root: number, skip: ReadonlySet<number> = new Set()): number[] {
  const children = childrenOf(parentMap());
  const found: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (skip.has(pid)) continue;
    found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * Kills everything a command started in the foreground. Looks again a few
 * times to catch processes forked while the first ones were being killed.
 */
export function killCommandTree(shellPid: number, before: ReadonlySet<number>): number {
  let killed = 0;
  for (let round = 0; round < 4; round++) {
    const pids = descendants(shellPid, before);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
        killed++;
      } catch {
        // Already gone.
      }
    }
  }
  return killed;
}
