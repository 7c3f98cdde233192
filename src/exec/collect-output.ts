import type { ExecStreamResponse } from "../../gen/sandkasten/v1/exec_pb.js";
import { OutputWindow } from "./output-window.js";

/** What unary exec keeps by default: 1 MiB, of it the first 64 KiB and the last 960 KiB. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;
export const OUTPUT_HEAD_BYTES = 64 * 1024;

export interface CollectedOutput {
  window: OutputWindow;
  ended: Extract<ExecStreamResponse["event"], { case: "ended" }>["value"] | undefined;
}

/**
 * Reads a command's events to their end, keeping the output's head and tail
 * in `window` and dropping the middle, so the command runs to its end
 * without filling the daemon's memory.
 */
export async function collectOutput(
  events: AsyncIterable<ExecStreamResponse>,
  window = new OutputWindow(OUTPUT_CAP_BYTES, OUTPUT_HEAD_BYTES),
): Promise<CollectedOutput> {
  let ended: CollectedOutput["ended"];
  for await (const e of events) {
    if (e.event.case === "output") window.push(e.event.value.data);
    else if (e.event.case === "ended") ended = e.event.value;
  }
  return { window, ended };
}
