import { FRAME_PREFIX } from "./call.js";
import { LEN, WireReader } from "./wire.js";

/**
 * RunnerService's messages by hand (proto/sandkasten/v1/runner.proto):
 * WarmRequest, WarmResponse and ActivateResponse are empty; ActivateRequest
 * holds the session's variables as `map<string, string> env = 1`.
 */

export function decodeActivateRequest(buf: Buffer): Record<string, string> {
  // No prototype: a variable named __proto__ is a variable like any other.
  const env: Record<string, string> = Object.create(null);
  const r = new WireReader(buf);
  for (let f = r.next(); f; f = r.next()) {
    if (f.field !== 1 || f.type !== LEN) {
      r.skip(f.type);
      continue;
    }
    // A map entry: key = 1, value = 2; the last entry for a key wins.
    const entry = new WireReader(r.bytes());
    let key = "";
    let value = "";
    for (let e = entry.next(); e; e = entry.next()) {
      if (e.field === 1 && e.type === LEN) key = entry.string();
      else if (e.field === 2 && e.type === LEN) value = entry.string();
      else entry.skip(e.type);
    }
    env[key] = value;
  }
  return env;
}

/** The one frame of an empty message. */
export const EMPTY_MESSAGE_FRAME = Buffer.alloc(FRAME_PREFIX);
