import { once } from "node:events";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const CHUNK = 64 * 1024;

/** The last `count` lines of a file (past `from`), read from its end. */
export function tailLines(file: string, count: number, from = 0): string[] {
  const fd = openSync(file, "r");
  try {
    let end = statSync(file).size;
    let text = "";
    while (end > from && text.split("\n").length <= count + 1) {
      const start = Math.max(from, end - CHUNK);
      const buf = Buffer.alloc(end - start);
      readSync(fd, buf, 0, buf.length, start);
      text = buf.toString("utf8") + text;
      end = start;
    }
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    return count === 0 ? [] : lines.slice(-count);
  } finally {
    closeSync(fd);
  }
}

/** Copies the file's bytes from `from` to stdout; returns where it stopped. */
async function copyFrom(file: string, from: number): Promise<number> {
  const fd = openSync(file, "r");
  try {
    let at = from;
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, at);
      if (n === 0) return at;
      at += n;
      if (!process.stdout.write(buf.subarray(0, n))) await once(process.stdout, "drain");
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Prints a log file (its last `lines` lines when given) and, with `follow`,
 * what is appended to it from then on, until the process is stopped; a file
 * that was truncated or replaced is followed from its new start.
 */
export async function printLog(
  file: string,
  o: { lines?: number; follow: boolean },
): Promise<void> {
  let at: number;
  if (o.lines === undefined) {
    at = await copyFrom(file, 0);
  } else {
    const lines = tailLines(file, o.lines);
    if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
    at = statSync(file).size;
  }
  if (!o.follow) return;
  let ino = statSync(file).ino;
  for (;;) {
    await sleep(200);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(file);
    } catch {
      continue; // being replaced: wait for the new file
    }
    if (stat.ino !== ino || stat.size < at) {
      ino = stat.ino;
      at = 0;
    }
    if (stat.size > at) at = await copyFrom(file, at);
  }
}
