import type { ExecStreamResponse } from "../../gen/sandkasten/v1/exec_pb.js";
import { OUTPUT_CAP_BYTES, OUTPUT_HEAD_BYTES } from "../limits.js";
import { OutputWindow } from "./output-window.js";

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
