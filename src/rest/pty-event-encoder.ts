import type { OpenPtyResponse } from "../../gen/sandkasten/v1/pty_pb.js";
import { sseEvent, sseKeepalive } from "./sse.js";

/**
 * The SSE text for one OpenPty event. Output stays bytes (base64): a
 * terminal's output is a byte stream whose escape sequences and characters
 * may be split anywhere.
 */
export function encodePtyEvent(response: OpenPtyResponse): string {
  const event = response.event;
  switch (event.case) {
    case "opened":
      return sseEvent("opened", { pty_id: event.value.ptyId, pid: event.value.pid });
    case "output":
      return sseEvent("output", { data_base64: Buffer.from(event.value.data).toString("base64") });
    case "exited":
      return sseEvent("exited", { exit_code: event.value.exitCode, signal: event.value.signal });
    case "keepalive":
      return sseKeepalive;
    default:
      return "";
  }
}
