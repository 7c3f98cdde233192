import type { Readable } from "node:stream";
import { Code, ConnectError } from "@connectrpc/connect";

/** One line of native/watcher (its output.go): an event, or why it could not start. */
export interface WatcherLine {
  k: string;
  p?: string;
  o?: string;
  d?: boolean;
  e?: string;
  m?: string;
}

/** Far past the longest path an event carries. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * The helper's lines as it writes them, read one pipe chunk at a time: while
 * the consumer waits, the pipe fills and the helper's own bounded queue
 * (native/watcher/queue.go) holds the events, not the runner.
 */
export async function* watcherLines(output: Readable): AsyncGenerator<WatcherLine> {
  let partial = "";
  // Decoded as a whole, so that a character split between chunks stays whole.
  output.setEncoding("utf8");
  for await (const chunk of output) {
    const lines = (partial + (chunk as string)).split("\n");
    partial = lines.pop() ?? "";
    if (partial.length > MAX_LINE_BYTES) {
      throw new ConnectError("the file watch helper wrote an overlong line", Code.Internal);
    }
    for (const line of lines) if (line !== "") yield parseLine(line);
  }
}

function parseLine(line: string): WatcherLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new ConnectError("the file watch helper wrote a line that is not JSON", Code.Internal);
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    typeof (parsed as WatcherLine).k !== "string"
  )
    throw new ConnectError("the file watch helper wrote a line without a kind", Code.Internal);
  return parsed as WatcherLine;
}
