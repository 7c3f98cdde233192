import type { ExecStreamResponse } from "../../gen/sandkasten/v1/exec_pb.js";

export const OUTPUT_CAP_BYTES = 1024 * 1024;

export interface CollectedOutput {
  bytes: Buffer;
  truncated: boolean;
  ended: Extract<ExecStreamResponse["event"], { case: "ended" }>["value"] | undefined;
}

/**
 * Keeps at most `cap` bytes of a command's output and reads (and drops) the
 * rest, so the command runs to its end without filling the daemon's memory.
 */
export async function collectOutput(
  events: AsyncIterable<ExecStreamResponse>,
  cap = OUTPUT_CAP_BYTES,
): Promise<CollectedOutput> {
  const parts: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let ended: CollectedOutput["ended"];
  for await (const e of events) {
    if (e.event.case === "output") {
      const data = e.event.value.data;
      const room = cap - size;
      if (data.length > room) truncated = true;
      if (room > 0) {
        const kept = data.subarray(0, room);
        parts.push(Buffer.from(kept));
        size += kept.length;
      }
    } else if (e.event.case === "ended") {
      ended = e.event.value;
    }
  }
  return { bytes: Buffer.concat(parts, size), truncated, ended };
}

/** Decodes UTF-8, dropping a multi-byte character the cap cut in half. */
export function decodeCapped(bytes: Buffer, truncated: boolean): string {
  let end = bytes.length;
  if (truncated) {
    let i = end - 1;
    let back = 0;
    while (i >= 0 && back < 4 && ((bytes[i] as number) & 0xc0) === 0x80) {
      i--;
      back++;
    }
    if (i >= 0) {
      const lead = bytes[i] as number;
      const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      if (need > back + 1) end = i;
    }
  }
  return bytes.subarray(0, end).toString("utf8");
}
