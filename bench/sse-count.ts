import type { RestClient } from "./rest-client.js";

export interface SseCount {
  /** UTF-8 bytes of the decoded `chunk` texts of stdout. */
  stdoutBytes: number;
  /** The `done` event's data. */
  done: Record<string, unknown> | undefined;
}

/**
 * Splits server-sent events out of text arriving in pieces, in linear time:
 * the pieces of an event are joined once, when its blank line arrives.
 */
class SseSplitter {
  private parts: string[] = [];
  private endsWithNewline = false;

  constructor(private readonly onEvent: (event: string, data: string) => void) {}

  push(chunk: string): void {
    if (chunk === "") return;
    let start = 0;
    if (this.endsWithNewline && chunk.startsWith("\n")) {
      this.emit(this.parts.join(""));
      start = 1;
    }
    for (;;) {
      const end = chunk.indexOf("\n\n", start);
      if (end === -1) break;
      this.emit(this.parts.join("") + chunk.slice(start, end));
      start = end + 2;
    }
    const rest = chunk.slice(start);
    if (rest !== "") this.parts.push(rest);
    this.endsWithNewline = rest.endsWith("\n");
  }

  private emit(block: string): void {
    this.parts = [];
    this.endsWithNewline = false;
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
    }
    if (data.length > 0) this.onEvent(event, data.join("\n"));
  }
}

/** POST …/exec/stream and read its events to the end, decoding each chunk's JSON. */
export async function readSseStream(
  rest: RestClient,
  sessionId: string,
  cmd: string,
): Promise<SseCount> {
  const res = await rest.open("POST", `/v1/sessions/${sessionId}/exec/stream`, { cmd });
  if (res.statusCode !== 200) throw new Error(`exec/stream answered ${res.statusCode}`);
  res.setEncoding("utf8");
  const count: SseCount = { stdoutBytes: 0, done: undefined };
  const splitter = new SseSplitter((event, data) => {
    if (event === "chunk") {
      const chunk = JSON.parse(data) as { chunk: string; stream?: string };
      if (chunk.stream !== "stderr") count.stdoutBytes += Buffer.byteLength(chunk.chunk, "utf8");
    } else if (event === "done") {
      count.done = JSON.parse(data) as Record<string, unknown>;
    } else if (event === "error") {
      throw new Error(`exec/stream error event: ${data}`);
    }
  });
  for await (const piece of res) splitter.push(piece as string);
  return count;
}
