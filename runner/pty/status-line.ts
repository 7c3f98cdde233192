import type { Readable } from "node:stream";

/** ptyhost writes short lines; anything past this unread is dropped. */
const MAX_STATUS_BYTES = 4096;

/** One line ptyhost writes on its status descriptor (native/ptyhost/main.go). */
export type PtyStatusLine =
  | { kind: "started"; pid: number }
  | { kind: "error"; message: string }
  | { kind: "exited"; exitCode: number }
  | { kind: "signaled"; signal: string }
  | { kind: "unknown"; line: string };

export function parseStatusLine(line: string): PtyStatusLine {
  const space = line.indexOf(" ");
  const word = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? "" : line.slice(space + 1);
  if (word === "started" && /^[1-9][0-9]{0,9}$/.test(rest)) {
    return { kind: "started", pid: Number(rest) };
  }
  if (word === "error") return { kind: "error", message: rest.slice(0, 1024) };
  if (word === "exited" && /^[0-9]{1,3}$/.test(rest)) {
    return { kind: "exited", exitCode: Number(rest) };
  }
  if (word === "signaled" && /^SIG[A-Z0-9]{1,12}$/.test(rest)) {
    return { kind: "signaled", signal: rest };
  }
  return { kind: "unknown", line: line.slice(0, 256) };
}

/** Reads status lines one at a time; `next` gives "ended" once the pipe closes. */
export function readStatusLines(stream: Readable): {
  next(): Promise<PtyStatusLine | { kind: "ended" }>;
} {
  let buffered = "";
  let closed = false;
  let wake: (() => void) | undefined;
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered = (buffered + chunk).slice(-MAX_STATUS_BYTES);
    wake?.();
  });
  stream.on("close", () => {
    closed = true;
    wake?.();
  });
  return {
    async next() {
      for (;;) {
        const newline = buffered.indexOf("\n");
        if (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          return parseStatusLine(line);
        }
        if (closed) return { kind: "ended" };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    },
  };
}
